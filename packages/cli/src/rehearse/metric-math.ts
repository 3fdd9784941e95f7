// A small evaluator for the CloudWatch metric math the constructs' alarms and target-tracking
// policies use on single datapoints: numbers, metric ids, + - * /, comparisons, AND / OR, and the
// functions IF, FILL, ABS, MIN, MAX. A missing datapoint is `undefined` and stays missing unless
// FILL replaces it, as in CloudWatch.

/** A datapoint value; `undefined` is "no data". */
export type Datapoint = number | undefined;

type Token =
  { kind: 'number'; value: number } | { kind: 'id'; value: string } | { kind: 'op'; value: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|&&|\|\||[-+*/(),<>!]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) throw new Error(`cannot read metric math at '${expression.slice(index)}'`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'id', value: match[2] });
    else tokens.push({ kind: 'op', value: match[3] });
    index = pattern.lastIndex;
  }
  return tokens;
}

/** An expression compiled to a function of the metric values by id. */
export type CompiledExpression = (values: Readonly<Record<string, Datapoint>>) => Datapoint;

const BINARY_PRECEDENCE: Record<string, number> = {
  OR: 1,
  '||': 1,
  AND: 2,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '>': 4,
  '<': 4,
  '>=': 4,
  '<=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};

function applyBinary(op: string, a: Datapoint, b: Datapoint): Datapoint {
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '>':
      return a > b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case 'AND':
    case '&&':
      return a !== 0 && b !== 0 ? 1 : 0;
    default:
      return a !== 0 || b !== 0 ? 1 : 0;
  }
}

const FUNCTIONS: Record<string, (args: Datapoint[]) => Datapoint> = {
  IF: ([condition, whenTrue, whenFalse]) =>
    condition === undefined ? undefined : condition !== 0 ? whenTrue : (whenFalse ?? 0),
  FILL: ([value, fill]) => value ?? fill,
  ABS: ([value]) => (value === undefined ? undefined : Math.abs(value)),
  MIN: (args) => (args.some((a) => a === undefined) ? undefined : Math.min(...(args as number[]))),
  MAX: (args) => (args.some((a) => a === undefined) ? undefined : Math.max(...(args as number[]))),
};

/** Compiles a metric math expression; throws on syntax it does not know. */
export function compileExpression(expression: string): CompiledExpression {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const expect = (value: string): void => {
    const token = tokens[position++];
    if (token?.kind !== 'op' || token.value !== value)
      throw new Error(`expected '${value}' in '${expression}'`);
  };

  const operatorAt = (token: Token | undefined): string | undefined => {
    if (!token) return undefined;
    if (token.kind === 'op' && token.value in BINARY_PRECEDENCE) return token.value;
    if (token.kind === 'id' && (token.value === 'AND' || token.value === 'OR')) return token.value;
    return undefined;
  };

  const parsePrimary = (): CompiledExpression => {
    const token = tokens[position++];
    if (!token) throw new Error(`unexpected end of '${expression}'`);
    if (token.kind === 'number') return () => token.value;
    if (token.kind === 'op' && token.value === '(') {
      const inner = parseBinary(0);
      expect(')');
      return inner;
    }
    if (token.kind === 'op' && token.value === '-') {
      const operand = parsePrimary();
      return (values) => {
        const v = operand(values);
        return v === undefined ? undefined : -v;
      };
    }
    if (token.kind === 'op' && token.value === '!') {
      const operand = parsePrimary();
      return (values) => {
        const v = operand(values);
        return v === undefined ? undefined : v === 0 ? 1 : 0;
      };
    }
    if (token.kind === 'id') {
      const next = peek();
      if (next?.kind === 'op' && next.value === '(') {
        const fn = FUNCTIONS[token.value.toUpperCase()];
        if (!fn) throw new Error(`unsupported metric math function ${token.value} in '${expression}'`);
        position++;
        const args: CompiledExpression[] = [];
        if (!(peek()?.kind === 'op' && peek()?.value === ')')) {
          args.push(parseBinary(0));
          while (peek()?.kind === 'op' && peek()?.value === ',') {
            position++;
            args.push(parseBinary(0));
          }
        }
        expect(')');
        return (values) => fn(args.map((arg) => arg(values)));
      }
      const id = token.value;
      return (values) => values[id];
    }
    throw new Error(`unexpected '${token.value}' in '${expression}'`);
  };

  const parseBinary = (minPrecedence: number): CompiledExpression => {
    let left = parsePrimary();
    for (;;) {
      const op = operatorAt(peek());
      if (op === undefined || BINARY_PRECEDENCE[op] < minPrecedence) break;
      position++;
      const right = parseBinary(BINARY_PRECEDENCE[op] + 1);
      const l = left;
      left = (values) => applyBinary(op, l(values), right(values));
    }
    return left;
  };

  const compiled = parseBinary(0);
  if (position !== tokens.length)
    throw new Error(`unexpected '${JSON.stringify(tokens[position])}' in '${expression}'`);
  return compiled;
}
