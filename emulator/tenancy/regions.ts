/**
 * Commercial-realm (oc1) regions from the reference table, in the order a synthetic tenancy subscribes to
 * them: the home region (us-ashburn-1) first, then the regions most tenancies add next.
 */
export interface RegionSpec {
  /** Region id, e.g. `us-ashburn-1`. */
  readonly name: string;
  /** Upper-case key, e.g. `IAD`. */
  readonly key: string;
  /** The OCID region segment: `iad`/`phx` for Ashburn/Phoenix, the region id elsewhere. */
  readonly ocidSegment: string;
  /** Availability domains: three in IAD, PHX, ORD, FRA and LHR, one elsewhere. */
  readonly adCount: number;
}

function region(name: string, key: string, adCount = 1): RegionSpec {
  const ocidSegment = key === 'IAD' || key === 'PHX' ? key.toLowerCase() : name;
  return { name, key, ocidSegment, adCount };
}

export const REGION_TABLE: readonly RegionSpec[] = [
  region('us-ashburn-1', 'IAD', 3),
  region('us-phoenix-1', 'PHX', 3),
  region('eu-frankfurt-1', 'FRA', 3),
  region('uk-london-1', 'LHR', 3),
  region('us-chicago-1', 'ORD', 3),
  region('ap-tokyo-1', 'NRT'),
  region('eu-amsterdam-1', 'AMS'),
  region('ca-toronto-1', 'YYZ'),
  region('ap-sydney-1', 'SYD'),
  region('sa-saopaulo-1', 'GRU'),
  region('ap-mumbai-1', 'BOM'),
  region('eu-zurich-1', 'ZRH'),
  region('ap-singapore-1', 'SIN'),
  region('us-sanjose-1', 'SJC'),
  region('eu-paris-1', 'CDG'),
  region('ap-seoul-1', 'ICN'),
  region('me-dubai-1', 'DXB'),
  region('eu-madrid-1', 'MAD'),
  region('ap-osaka-1', 'KIX'),
  region('eu-milan-1', 'LIN'),
  region('eu-stockholm-1', 'ARN'),
  region('uk-cardiff-1', 'CWL'),
  region('ca-montreal-1', 'YUL'),
  region('mx-queretaro-1', 'QRO'),
  region('af-johannesburg-1', 'JNB'),
  region('me-jeddah-1', 'JED'),
  region('ap-hyderabad-1', 'HYD'),
];

/** A tenancy subscribes to at most this many regions (the OCID encoding reserves 5 bits; 31 marks global). */
export const MAX_REGIONS = 20;
