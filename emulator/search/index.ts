export { parseQuery, SEARCH_FIELDS, NOT_EMULATED_TYPES } from './query-parser.ts';
export type { ParsedQuery, Condition, SearchField, ComparisonOperator } from './query-parser.ts';
export { searchPage, parseLimit, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search-page.ts';
export type { SearchPage, SearchPageOptions } from './search-page.ts';
