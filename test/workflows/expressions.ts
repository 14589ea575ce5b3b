/**
 * Evaluates a workflow's `${{ }}` expressions offline with GitHub's own implementation
 * (@actions/expressions), to ask "what does this job do when the dispatcher picks staging?".
 * The dispatch inputs are given (a name with a dot is a whole path instead, such as
 * `steps.render.outputs.engine`); every other value an expression reads (`vars.X`, `github.sha`,
 * `needs.build.outputs.color`, an input not given) is taken as set, to the text `<path>`, so a
 * rule can see which variable a value comes from. Status functions answer for a run that went
 * well: success() and always() true, failure() and cancelled() false.
 */
import { Evaluator, Lexer, Parser, data, type Expr } from '@actions/expressions';
import {
  Binary,
  ContextAccess,
  FunctionCall,
  Grouping,
  IndexAccess,
  Literal,
  Logical,
  Unary,
} from '@actions/expressions/ast';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

const CONTEXTS = ['inputs', 'vars', 'github', 'needs', 'steps', 'env', 'matrix', 'secrets', 'job'];
const STATUS = { always: true, success: true, failure: false, cancelled: false };
const STATUS_FUNCTIONS = new Map<string, FunctionDefinition>(
  Object.entries(STATUS).map(([name, value]) => [
    name,
    { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) },
  ]),
);

function parse(expression: string): Expr {
  const { tokens } = new Lexer(expression).lex();
  return new Parser(tokens, CONTEXTS, [...STATUS_FUNCTIONS.values()]).parse();
}

/** `vars.X`, `needs.build.outputs.color`: the dotted path an access reads, if it is one. */
function pathOf(expr: Expr): string | undefined {
  if (expr instanceof ContextAccess) return expr.name.lexeme;
  if (expr instanceof IndexAccess && expr.index instanceof Literal) {
    const parent = pathOf(expr.expr);
    return parent === undefined ? undefined : `${parent}.${expr.index.literal.coerceString()}`;
  }
  return undefined;
}

function pathsOf(expr: Expr, into: Set<string> = new Set()): Set<string> {
  const path = pathOf(expr);
  if (path !== undefined) into.add(path);
  else if (expr instanceof Unary) pathsOf(expr.expr, into);
  else if (expr instanceof Binary) [expr.left, expr.right].forEach((e) => pathsOf(e, into));
  else if (expr instanceof Logical || expr instanceof FunctionCall)
    expr.args.forEach((e) => pathsOf(e, into));
  else if (expr instanceof Grouping) pathsOf(expr.group, into);
  else if (expr instanceof IndexAccess) [expr.expr, expr.index].forEach((e) => pathsOf(e, into));
  return into;
}

/** A context where each given input has its value and every other path read is `<path>`. */
function contextFor(paths: Set<string>, inputs: Record<string, string>): data.Dictionary {
  const root = new data.Dictionary();
  const set = (path: string, value: string) => {
    const keys = path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const next = node.get(key) ?? new data.Dictionary();
      if (!(next instanceof data.Dictionary)) return;
      if (!node.get(key)) node.add(key, next);
      node = next;
    }
    if (!node.get(keys.at(-1)!)) node.add(keys.at(-1)!, new data.StringData(value));
  };
  for (const [name, value] of Object.entries(inputs))
    set(name.includes('.') ? name : `inputs.${name}`, value);
  for (const path of paths) set(path, `<${path}>`);
  return root;
}

/** Evaluates one expression (the text inside `${{ }}`, or a job's bare `if:`). */
export function evaluate(expression: string, inputs: Record<string, string>): data.ExpressionData {
  const expr = parse(expression);
  return new Evaluator(expr, contextFor(pathsOf(expr), inputs), STATUS_FUNCTIONS).evaluate();
}

/** A `with:`/`runs-on:` value with each `${{ }}` replaced by its text, as the runner renders it. */
export function render(text: unknown, inputs: Record<string, string>): string {
  if (text === undefined || text === null) return '';
  return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    evaluate(expression, inputs).coerceString(),
  );
}

/** Whether a job's `if:` (bare or wrapped) lets it run; no `if:` always does. */
export function condition(text: unknown, inputs: Record<string, string>): boolean {
  if (text === undefined || text === null) return true;
  const bare = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(String(text))?.[1] ?? String(text);
  return truthy(evaluate(bare, inputs));
}
