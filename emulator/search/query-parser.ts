import { RESOURCE_TYPES, TYPE_INDEX_LOWER } from '../tenancy/catalogue.ts';
import { describe, invalidQuery, tokenize, type Token } from './query-lexer.ts';

/**
 * Parser for the subset of the Structured Search grammar the emulator serves:
 *
 *   query all resources | query <type>[, <type>...] resources
 *     [return allAdditionalFields] [where <condition>]      (the two clauses in either order)
 *   condition  := term ('||' term)*
 *   term       := factor ('&&' factor)*
 *   factor     := '(' condition ')' | <field> <op> '<value>'
 *   op         := '=' (also '==') | '!=' | '=~' (contains)
 *   field      := compartmentId | lifecycleState (lifeCycleState) | displayName | resourceType | identifier
 *                 | availabilityDomain
 *
 * Keywords, type names and field names are case-insensitive. Comparisons are case-insensitive too (an
 * emulator choice; OCIDs and states are single-case anyway). `return <field>`, `matching`, `sorted by`,
 * `>`/`<` comparisons and tag fields are real grammar the emulator does not serve: they answer 400 saying so.
 *
 * Unknown type names answer 400 InvalidParameter naming the type (an emulator choice that catches typos;
 * whether the real service errors or returns nothing is unconfirmed). Types that exist in OCI but that the
 * emulator never generates (NOT_EMULATED_TYPES) are accepted and match nothing, as in a tenancy without them.
 */
export const SEARCH_FIELDS = [
  'compartmentId', 'lifecycleState', 'displayName', 'resourceType', 'identifier', 'availabilityDomain',
] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export type ComparisonOperator = '=' | '!=' | '=~';

export type Condition =
  | { kind: 'compare'; field: SearchField; op: ComparisonOperator; value: string }
  | { kind: 'and'; conditions: Condition[] }
  | { kind: 'or'; conditions: Condition[] };

export interface ParsedQuery {
  /** Canonical Search type names, sorted and deduplicated, or 'all'. */
  types: 'all' | string[];
  returnAllAdditionalFields: boolean;
  where: Condition | null;
  /** Identical for queries that differ only in case, spacing or type order; page tokens are bound to it. */
  canonical: string;
}

/** Real Search types the emulator never generates: accepted, and they match nothing. */
export const NOT_EMULATED_TYPES: readonly string[] = [
  'CustomerDnsZone', 'NoSqlTable', 'DataScienceModel', 'DataScienceNotebookSession', 'IdentityProvider',
  'DataFlowApplication', 'IntegrationInstance', 'AnalyticsInstance', 'OdaInstance', 'DevOpsProject',
];
const NOT_EMULATED_LOWER = new Map(NOT_EMULATED_TYPES.map((t) => [t.toLowerCase(), t]));

const FIELD_BY_LOWER = new Map<string, SearchField>(SEARCH_FIELDS.map((f) => [f.toLowerCase(), f]));

class Parser {
  readonly #tokens: Token[];
  #at = 0;

  constructor(text: string) {
    this.#tokens = tokenize(text);
  }

  get #next(): Token {
    return this.#tokens[this.#at]!;
  }

  #take(): Token {
    const token = this.#next;
    if (token.kind !== 'end') this.#at++;
    return token;
  }

  #isKeyword(word: string, token = this.#next): boolean {
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  #expectKeyword(word: string, what: string): Token {
    const token = this.#take();
    if (!this.#isKeyword(word, token)) throw invalidQuery(`expected ${what} at position ${token.position}, found ${describe(token)}`);
    return token;
  }

  parse(): Omit<ParsedQuery, 'canonical'> {
    this.#expectKeyword('query', "'query'");
    const types = this.#typeList();
    this.#expectKeyword('resources', "'resources'");
    let returnAll: boolean | undefined;
    let where: Condition | undefined;
    while (this.#next.kind !== 'end') {
      const token = this.#take();
      if (this.#isKeyword('return', token) && returnAll === undefined) {
        const what = this.#take();
        if (!this.#isKeyword('alladditionalfields', what)) {
          throw invalidQuery(`only 'return allAdditionalFields' is supported; found ${describe(what)} at position ${what.position}`);
        }
        returnAll = true;
      } else if (this.#isKeyword('where', token) && where === undefined) {
        where = this.#condition();
      } else if (this.#isKeyword('matching', token) || this.#isKeyword('sorted', token)) {
        throw invalidQuery(`'${token.text}' at position ${token.position} is not supported by the emulator`);
      } else {
        throw invalidQuery(`unexpected ${describe(token)} at position ${token.position}; expected 'where', 'return' or end of query`);
      }
    }
    return { types, returnAllAdditionalFields: returnAll ?? false, where: where ?? null };
  }

  #typeList(): 'all' | string[] {
    if (this.#isKeyword('all')) {
      this.#take();
      return 'all';
    }
    const types = new Set<string>();
    for (;;) {
      const token = this.#take();
      if (token.kind !== 'word' || this.#isKeyword('resources', token)) {
        throw invalidQuery(`expected a resource type or 'all' at position ${token.position}, found ${describe(token)}`);
      }
      const lower = token.text.toLowerCase();
      const index = TYPE_INDEX_LOWER.get(lower);
      const name = index !== undefined ? RESOURCE_TYPES[index]!.searchType : NOT_EMULATED_LOWER.get(lower);
      if (name === undefined) throw invalidQuery(`unknown resource type '${token.text}' at position ${token.position}`);
      types.add(name);
      if (this.#next.kind !== 'comma') break;
      this.#take();
    }
    return [...types].sort();
  }

  #condition(): Condition {
    const terms = [this.#term()];
    while (this.#next.kind === 'or') {
      this.#take();
      terms.push(this.#term());
    }
    return terms.length === 1 ? terms[0]! : { kind: 'or', conditions: terms };
  }

  #term(): Condition {
    const factors = [this.#factor()];
    while (this.#next.kind === 'and') {
      this.#take();
      factors.push(this.#factor());
    }
    return factors.length === 1 ? factors[0]! : { kind: 'and', conditions: factors };
  }

  #factor(): Condition {
    const token = this.#take();
    if (token.kind === 'lparen') {
      const inner = this.#condition();
      const close = this.#take();
      if (close.kind !== 'rparen') throw invalidQuery(`expected ')' at position ${close.position}, found ${describe(close)}`);
      return inner;
    }
    if (token.kind !== 'word') throw invalidQuery(`expected a field name or '(' at position ${token.position}, found ${describe(token)}`);
    const field = FIELD_BY_LOWER.get(token.text.toLowerCase());
    if (field === undefined) {
      throw invalidQuery(`unsupported field '${token.text}' at position ${token.position}; supported: ${SEARCH_FIELDS.join(', ')}`);
    }
    const op = this.#take();
    if (op.kind !== 'op') throw invalidQuery(`expected an operator after '${token.text}' at position ${op.position}, found ${describe(op)}`);
    const operator = op.text === '==' ? '=' : op.text;
    if (operator !== '=' && operator !== '!=' && operator !== '=~') {
      throw invalidQuery(`operator '${op.text}' at position ${op.position} is not supported by the emulator (use =, != or =~)`);
    }
    const value = this.#take();
    if (value.kind !== 'string') throw invalidQuery(`expected a quoted value at position ${value.position}, found ${describe(value)}`);
    return { kind: 'compare', field, op: operator, value: value.text };
  }
}

/** Parses a Structured Search query; throws OciHttpError 400 InvalidParameter naming the offending token. */
export function parseQuery(text: string): ParsedQuery {
  if (typeof text !== 'string' || text.trim() === '') throw invalidQuery('the query is empty');
  const parsed = new Parser(text).parse();
  return { ...parsed, canonical: JSON.stringify(parsed) };
}
