/**
 * Just enough of GitHub's expression language to ask "what does this job do when the dispatcher
 * picks staging?": literals, `inputs.x` references, `== != ! && || ( )`. What the workflow cannot
 * know offline stays open:
 * - `inputs.*` not given: Unknown, so `inputs.action == 'redeploy'` is neither true nor false;
 * - any other reference (`vars.X`, `github.sha`, `steps.a.outputs.b`): a Reference that is
 *   assumed set (truthy) and renders as `<vars.X>`, so a rule can see which variable a value reads;
 * - function calls: Unknown.
 */
export const Unknown = Symbol('unknown');
export class Reference {
  constructor(readonly path: string) {}
  toString(): string {
    return `<${this.path}>`;
  }
}
export type Value = string | number | boolean | null | Reference | typeof Unknown;

const TOKEN =
  /\s*(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|(==|!=|<=|>=|&&|\|\||[!<>(),[\].*])|([A-Za-z_][\w-]*))/y;

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; value: string }
  | { kind: 'name'; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trimEnd().length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`cannot read expression "${text}" at ${at}`);
    if (m[1] !== undefined) tokens.push({ kind: 'string', value: m[1].replace(/''/g, "'") });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', value: Number(m[2]) });
    else if (m[3] !== undefined) tokens.push({ kind: 'op', value: m[3] });
    else tokens.push({ kind: 'name', value: m[4]! });
  }
  return tokens;
}

/** GitHub's truthiness; Unknown stays unknown, a Reference is assumed set. */
export function truthy(value: Value): boolean | typeof Unknown {
  if (value === Unknown) return Unknown;
  if (value instanceof Reference) return true;
  return value !== '' && value !== 0 && value !== false && value !== null;
}

function equal(a: Value, b: Value): boolean | typeof Unknown {
  if (a === Unknown || b === Unknown || a instanceof Reference || b instanceof Reference)
    return Unknown;
  // GitHub compares strings case-insensitively.
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

/** Evaluates one expression (the text inside `${{ }}`, or a job's bare `if:`). */
export function evaluate(expression: string, inputs: Record<string, string>): Value {
  const tokens = tokenize(expression);
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (op: string) => peek()?.kind === 'op' && peek()?.value === op;
  const expect = (op: string) => {
    if (!isOp(op)) throw new Error(`expected "${op}" in "${expression}"`);
    i++;
  };

  const or = (): Value => {
    let left = and();
    while (isOp('||')) {
      i++;
      const right = and();
      const t = truthy(left);
      left = t === Unknown ? Unknown : t ? left : right;
    }
    return left;
  };
  const and = (): Value => {
    let left = unary();
    while (isOp('&&')) {
      i++;
      const right = unary();
      const t = truthy(left);
      // Unknown && <falsy> is falsy whichever way the unknown goes.
      if (t === Unknown) left = truthy(right) === false ? right : Unknown;
      else left = t ? right : left;
    }
    return left;
  };
  const unary = (): Value => {
    if (isOp('!')) {
      i++;
      const t = truthy(unary());
      return t === Unknown ? Unknown : !t;
    }
    return comparison();
  };
  const comparison = (): Value => {
    const left = primary();
    const op = peek();
    if (op?.kind === 'op' && (op.value === '==' || op.value === '!=')) {
      i++;
      const same = equal(left, primary());
      return same === Unknown ? Unknown : op.value === '==' ? same : !same;
    }
    if (op?.kind === 'op' && ['<', '>', '<=', '>='].includes(op.value)) {
      i++;
      primary();
      return Unknown;
    }
    return left;
  };
  const primary = (): Value => {
    const token = tokens[i++];
    if (!token) throw new Error(`expression "${expression}" ends early`);
    if (token.kind === 'string' || token.kind === 'number') return token.value;
    if (token.kind === 'op') {
      if (token.value !== '(') throw new Error(`unexpected "${token.value}" in "${expression}"`);
      const value = or();
      expect(')');
      return value;
    }
    if (token.value === 'true') return true;
    if (token.value === 'false') return false;
    if (token.value === 'null') return null;
    if (isOp('(')) {
      i++;
      while (!isOp(')')) {
        or();
        if (isOp(',')) i++;
      }
      i++;
      return Unknown;
    }
    let path = token.value;
    for (;;) {
      if (isOp('.')) {
        i++;
        const next = tokens[i++];
        path += `.${next?.value ?? ''}`;
      } else if (isOp('[')) {
        i++;
        const key = or();
        expect(']');
        path += `.${String(key)}`;
      } else break;
    }
    if (path.startsWith('inputs.')) return inputs[path.slice('inputs.'.length)] ?? Unknown;
    return new Reference(path);
  };

  const value = or();
  if (i !== tokens.length) throw new Error(`cannot read the rest of "${expression}"`);
  return value;
}

/** A `with:`/`runs-on:` value with each `${{ }}` replaced by what it evaluates to. */
export function render(text: unknown, inputs: Record<string, string>): string {
  if (text === undefined || text === null) return '';
  return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) => {
    const value = evaluate(expression, inputs);
    if (value === Unknown) return '<unknown>';
    // As GitHub renders them: `cond && 'x'` is the text "false" when cond is false.
    return value === null ? '' : String(value);
  });
}

/** Whether a job's `if:` (bare or wrapped) lets it run; no `if:` always does. */
export function condition(text: unknown, inputs: Record<string, string>): boolean | typeof Unknown {
  if (text === undefined || text === null) return true;
  const bare = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(String(text))?.[1] ?? String(text);
  return truthy(evaluate(bare, inputs));
}
