import { OciHttpError } from '../http/errors.ts';

/**
 * Tokens of the Structured Search query language. Whitespace (including newlines) separates tokens and is
 * otherwise ignored, as in the real service. Positions are 1-based character positions, used in errors.
 */
export type TokenKind = 'word' | 'string' | 'comma' | 'lparen' | 'rparen' | 'op' | 'and' | 'or' | 'end';

export interface Token {
  kind: TokenKind;
  /** The token as written (for strings: the unescaped value). */
  text: string;
  position: number;
}

/** Comparison operators the grammar knows; search-page says which the emulator evaluates. */
const OPERATORS = ['!=~', '==', '!=', '=~', '>=', '<=', '=', '>', '<'] as const;

export function invalidQuery(message: string): OciHttpError {
  return new OciHttpError(400, 'InvalidParameter', `Invalid query: ${message}`);
}

export function describe(token: Token): string {
  return token.kind === 'end' ? 'end of query' : token.kind === 'string' ? `'${token.text}'` : `'${token.text}'`;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const position = i + 1;
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_.]/.test(text[j]!)) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), position });
      i = j;
      continue;
    }
    if (c === "'") {
      // Single-quoted value; a backslash escapes the next character (\' and \\).
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw invalidQuery(`unterminated string starting at position ${position}`);
        const d = text[j]!;
        if (d === '\\' && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else if (d === "'") {
          j++;
          break;
        } else {
          value += d;
          j++;
        }
      }
      tokens.push({ kind: 'string', text: value, position });
      i = j;
      continue;
    }
    if (c === '"') throw invalidQuery(`values must be in single quotes; found '"' at position ${position}`);
    if (c === ',') { tokens.push({ kind: 'comma', text: c, position }); i++; continue; }
    if (c === '(') { tokens.push({ kind: 'lparen', text: c, position }); i++; continue; }
    if (c === ')') { tokens.push({ kind: 'rparen', text: c, position }); i++; continue; }
    if (text.startsWith('&&', i)) { tokens.push({ kind: 'and', text: '&&', position }); i += 2; continue; }
    if (text.startsWith('||', i)) { tokens.push({ kind: 'or', text: '||', position }); i += 2; continue; }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op !== undefined) {
      tokens.push({ kind: 'op', text: op, position });
      i += op.length;
      continue;
    }
    throw invalidQuery(`unexpected character '${c}' at position ${position}`);
  }
  tokens.push({ kind: 'end', text: '', position: text.length + 1 });
  return tokens;
}
