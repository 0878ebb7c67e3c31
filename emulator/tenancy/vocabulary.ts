/** Word lists for display names and tags: plain data, picked by hash. */
export const ENVIRONMENTS = ['prod', 'dev', 'test', 'staging', 'qa', 'dr'] as const;
export const APPS = [
  'payments', 'orders', 'catalog', 'billing', 'search', 'auth', 'reports', 'crm', 'erp', 'portal',
  'analytics', 'ingest', 'mobile', 'gateway', 'ledger', 'inventory', 'shipping', 'chat', 'media', 'ml',
] as const;
export const TIERS = ['web', 'app', 'db', 'cache', 'batch', 'mgmt', 'lb', 'worker'] as const;
export const TEAMS = ['platform', 'data', 'sre', 'security', 'frontend', 'backend', 'finops', 'network'] as const;
export const FIRST_NAMES = [
  'alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj',
  'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor', 'walter', 'yara', 'zoe', 'ken', 'lena', 'omar',
] as const;
export const LAST_NAMES = [
  'smith', 'jones', 'garcia', 'miller', 'davis', 'martin', 'lee', 'walker', 'hall', 'young', 'king', 'wright',
  'lopez', 'hill', 'scott', 'green', 'adams', 'baker', 'nelson', 'carter', 'mitchell', 'perez', 'roberts', 'turner',
] as const;
export const SHAPES = [
  'VM.Standard.E4.Flex', 'VM.Standard.E5.Flex', 'VM.Standard3.Flex', 'VM.Standard.A1.Flex', 'VM.Standard2.1',
  'VM.Standard2.2', 'BM.Standard.E4.128', 'VM.DenseIO.E4.Flex', 'VM.Optimized3.Flex',
] as const;
export const OPERATING_SYSTEMS = [
  ['Oracle Linux', '8'], ['Oracle Linux', '9'], ['Canonical Ubuntu', '22.04'], ['Windows', 'Server 2022 Standard'],
  ['CentOS', '7'], ['Oracle Linux', '7.9'],
] as const;
export const COMPARTMENT_TOP_NAMES = [
  'Production', 'Development', 'Shared-Services', 'Network', 'Security', 'Sandbox', 'Data-Platform', 'Finance',
  'Marketing', 'Operations', 'Research', 'Archive', 'Human-Resources', 'Customer-Support', 'Partners',
] as const;
export const COMPARTMENT_CHILD_NAMES = [
  'Apps', 'Web', 'Api', 'Databases', 'Analytics', 'Backend', 'Frontend', 'Batch', 'Integration', 'Monitoring',
  'Storage', 'Identity', 'Edge', 'Workloads', 'Services', 'Workers', 'Reporting', 'Ingest', 'Keys', 'Logs',
] as const;
/** Names of the first TagNamespace resources; defined tags on resources use exactly these. */
export const TAG_NAMESPACE_NAMES = ['Oracle-Tags', 'Operations', 'Finance', 'Security'] as const;
export const GROUP_NAMES = [
  'Administrators', 'NetworkAdmins', 'StorageAdmins', 'DatabaseAdmins', 'SecurityAuditors', 'Developers',
  'ReadOnly', 'CostWatchers', 'AppOperators', 'DataEngineers',
] as const;
