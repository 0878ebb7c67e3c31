import type { ResourceFields } from '../tenancy/types.ts';
import type { Condition, SearchField } from './query-parser.ts';

/**
 * Turns a parsed `where` condition into a predicate over the cheap resource fields. Comparisons are
 * case-insensitive: the value is lower-cased once here, the field on each test. A null field (e.g. the
 * availabilityDomain of a regional resource) equals nothing and differs from everything.
 */
export type Predicate = (fields: ResourceFields) => boolean;

function read(fields: ResourceFields, field: SearchField): string | null {
  switch (field) {
    case 'compartmentId': return fields.compartmentId;
    case 'lifecycleState': return fields.lifecycleState;
    case 'displayName': return fields.displayName;
    case 'resourceType': return fields.resourceType;
    case 'identifier': return fields.identifier;
    case 'availabilityDomain': return fields.availabilityDomain;
  }
}

export function compileCondition(condition: Condition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.conditions.map(compileCondition);
      return (f) => parts.every((p) => p(f));
    }
    case 'or': {
      const parts = condition.conditions.map(compileCondition);
      return (f) => parts.some((p) => p(f));
    }
    case 'compare': {
      const { field, op } = condition;
      const value = condition.value.toLowerCase();
      if (op === '=') return (f) => read(f, field)?.toLowerCase() === value;
      if (op === '!=') return (f) => read(f, field)?.toLowerCase() !== value;
      return (f) => read(f, field)?.toLowerCase().includes(value) ?? false;
    }
  }
}

/**
 * Resource types a condition restricts to (`resourceType = 'X'` alone or in an `&&`), so a scan can skip the
 * other type blocks; null when it does not restrict. Lower-cased names.
 */
export function typesRequiredBy(condition: Condition | null): Set<string> | null {
  if (condition === null) return null;
  if (condition.kind === 'compare') {
    return condition.field === 'resourceType' && condition.op === '=' ? new Set([condition.value.toLowerCase()]) : null;
  }
  if (condition.kind === 'or') {
    const parts = condition.conditions.map(typesRequiredBy);
    if (parts.some((p) => p === null)) return null;
    return new Set(parts.flatMap((p) => [...p!]));
  }
  const parts = condition.conditions.map(typesRequiredBy).filter((p): p is Set<string> => p !== null);
  if (parts.length === 0) return null;
  return new Set([...parts[0]!].filter((t) => parts.every((p) => p.has(t))));
}
