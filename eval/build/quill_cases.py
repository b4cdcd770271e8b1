"""Cases for the `quill` fixture: a TypeScript schema-validation and form library
(modelled on Zod, Valibot and React Hook Form). Run: python3 quill_cases.py"""
from casekit import Cases, F

c = Cases("quill")
W = "website/docs/"

# ---------------------------------------------------------------- direct
c.add("direct", "perf(form): debounce async validation for 200ms by default",
  body="300 ms felt sluggish in the username-availability checks we tested with users. 200 ms matches what most design systems use for typeahead and still avoids a request per keystroke.",
  files=[
    F("packages/form/src/options.ts", "modified", r"""
@@ 18 | export const DEFAULT_OPTIONS = {
   validateOn: 'submit',
   revalidateOn: 'change',
-  asyncDebounceMs: 300,
+  asyncDebounceMs: 200,
   shouldFocusError: true,
   shouldUnregister: false,
   errorsPerField: 'first',
"""),
    F("packages/form/src/async-validator.ts", "modified", r"""
@@ 9 | export interface AsyncValidatorOptions {
   /**
    * Milliseconds to wait after the last change before running async checks.
-   * @default 300
+   * @default 200
    */
   debounceMs: number;
"""),
    F("packages/form/test/async-validation.test.ts", "modified", r"""
@@ 41 | describe('debouncing', () => {
     form.setValue('username', 'ad', { shouldValidate: true });
     form.setValue('username', 'ada', { shouldValidate: true });
-    await vi.advanceTimersByTimeAsync(299);
+    await vi.advanceTimersByTimeAsync(199);
     expect(checkUsername).not.toHaveBeenCalled();
     await vi.advanceTimersByTimeAsync(1);
     expect(checkUsername).toHaveBeenCalledTimes(1);
"""),
    F(".changeset/brave-owls-sing.md", "added", r"""
---
'@quilljs/form': minor
---

Async validation triggered by changes is now debounced for 200 ms by default (was 300 ms).
"""),
  ],
  truth=[W + "api/create-form.md", W + "forms/async-validation.md"])

c.add("direct", "fix(core): reject consecutive dots in the local part of emails",
  body="`first..last@example.com` and `.first@example.com` were accepted by `.email()` but bounce on every major provider. Closes #1702.",
  files=[
    F("packages/core/src/helpers/regexes.ts", "modified", r"""
@@ 12
 export const uuidRegex =
   /^[0-9a-f]{8}-[0-9a-f]{4}-[0-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$|^0{8}-0{4}-0{4}-0{4}-0{12}$/i;
 
-export const emailRegex =
-  /^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;
+// local part: no leading, trailing or consecutive dots
+export const emailRegex =
+  /^(?!\.)(?!.*\.\.)[A-Za-z0-9._%+-]+(?<!\.)@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;
 
 export const cuid2Regex = /^[0-9a-z]+$/;
"""),
    F("packages/core/test/string.test.ts", "modified", r"""
@@ 88 | describe('email', () => {
   it.each(['ada@example.com', 'a.b+tag@sub.example.co', 'x_y%z@ex-ample.io'])('accepts %s', (v) => {
     expect(q.string().email().safeParse(v).success).toBe(true);
   });
 
-  it.each(['ada@example', 'ada@@example.com', '"ada"@example.com', 'ada@[127.0.0.1]'])(
+  it.each([
+    'ada@example',
+    'ada@@example.com',
+    '"ada"@example.com',
+    'ada@[127.0.0.1]',
+    'first..last@example.com',
+    '.first@example.com',
+    'first.@example.com',
+  ])(
     'rejects %s',
     (v) => {
       expect(q.string().email().safeParse(v).success).toBe(false);
"""),
  ],
  truth=[W + "schemas/strings.md"])

c.add("direct", "fix(core): multipleOf works with decimal steps",
  body="`q.number().multipleOf(0.01)` rejected `0.07` because `0.07 % 0.01` is `0.009999999999999998`. Compare scaled integers using the number of decimals of the step, like the JSON Schema validators do.",
  message="fix(core): multipleOf works with decimal steps (#1744)\n\nCompare scaled integers instead of using the % operator directly.",
  files=[
    F("packages/core/src/types/number.ts", "modified", r"""
@@ 14
 import { addIssue, type ParseContext } from '../parse';
 
+/** Remainder that is exact for decimal steps such as 0.1 or 0.01. */
+function floatSafeRemainder(value: number, step: number): number {
+  const decimals = (n: number) => (n.toString().split('.')[1] ?? '').length;
+  const scale = 10 ** Math.max(decimals(value), decimals(step));
+  return (Math.round(value * scale) % Math.round(step * scale)) / scale;
+}
+
 export class QNumber extends Schema<number> {
@@ 131 |       case 'multipleOf':
-        if (input % check.value !== 0) {
+        if (floatSafeRemainder(input, check.value) !== 0) {
           addIssue(ctx, { code: 'not_multiple_of', multipleOf: check.value }, check);
         }
         break;
"""),
    F("packages/core/test/number.test.ts", "modified", r"""
@@ 97 | describe('multipleOf', () => {
   it('accepts multiples', () => {
     expect(q.number().multipleOf(5).parse(15)).toBe(15);
   });
+
+  it('handles decimal steps', () => {
+    expect(q.number().multipleOf(0.1).safeParse(0.3).success).toBe(true);
+    expect(q.number().multipleOf(0.01).safeParse(0.07).success).toBe(true);
+    expect(q.number().multipleOf(0.01).safeParse(0.075).success).toBe(false);
+  });
"""),
  ],
  truth=[W + "schemas/numbers-and-dates.md"])

c.add("direct", "feat(json-schema): emit format date and time for string date/time checks",
  files=[
    F("packages/json-schema/src/converters/string.ts", "modified", r"""
@@ 22 | export function convertString(schema: QString, ctx: ConvertContext): JSONSchema {
       case 'datetime':
         out.format = 'date-time';
         break;
       case 'date':
-        out.pattern = dateRegex.source;
+        out.format = 'date';
         break;
       case 'time':
-        out.pattern = timeRegexSource(check);
+        out.format = 'time';
         break;
       case 'ip':
"""),
    F("packages/json-schema/test/string.test.ts", "modified", r"""
@@ 54 | describe('string formats', () => {
-  it('uses a pattern for date strings', () => {
-    expect(toJSONSchema(q.string().date())).toMatchObject({ type: 'string', pattern: expect.any(String) });
+  it('uses format: date and format: time', () => {
+    expect(toJSONSchema(q.string().date())).toMatchObject({ type: 'string', format: 'date' });
+    expect(toJSONSchema(q.string().time())).toMatchObject({ type: 'string', format: 'time' });
   });
"""),
  ],
  truth=[W + "api/json-schema.md"])

c.add("direct", "fix(core): flatten() keys nested issues by their full path",
  body="""`flatten()` grouped issues by the first path segment, so an error at `['customer', 'email']` ended up under `customer` and `form.setErrors(error.flatten())` attached it to no field. Issues are now keyed by their dot path (`customer.email`, `lineItems.2.price`).

This changes the keys of `fieldErrors` for nested schemas; flat schemas are unaffected.""",
  message="fix(core): flatten() keys nested issues by their full path (#1761)\n\nBREAKING CHANGE: fieldErrors keys of nested issues are now dot paths such as\n`customer.email` instead of the first path segment.",
  files=[
    F("packages/core/src/errors/quill-error.ts", "modified", r"""
@@ 58 |   flatten<U = string>(mapper: (issue: Issue) => U = (i) => i.message as U): FlattenedError<U> {
     const formErrors: U[] = [];
     const fieldErrors: Record<string, U[]> = {};
     for (const issue of this.issues) {
       if (issue.path.length === 0) {
         formErrors.push(mapper(issue));
         continue;
       }
-      const key = String(issue.path[0]);
+      const key = issue.path.join('.');
       (fieldErrors[key] ??= []).push(mapper(issue));
     }
     return { formErrors, fieldErrors };
"""),
    F("packages/core/test/error.test.ts", "modified", r"""
@@ 72 | describe('flatten', () => {
-  it('groups nested issues under the first key', () => {
+  it('keys nested issues by dot path', () => {
     const schema = q.object({ address: q.object({ city: q.string() }), tags: q.array(q.string()) });
     const { error } = schema.safeParse({ address: {}, tags: [1] });
     expect(error!.flatten().fieldErrors).toEqual({
-      address: ['Required'],
-      tags: ['Expected string, received number'],
+      'address.city': ['Required'],
+      'tags.0': ['Expected string, received number'],
     });
   });
"""),
  ],
  truth=[W + "api/quill-error.md"])

c.add("direct", "fix(form): clamp out-of-range indexes in fieldArray.move and insert",
  body="Drag-and-drop libraries report a drop index equal to `fields.length` when an item is dropped at the end of the list, which threw a `RangeError` from an event handler. `move` and `insert` now clamp the index to the list; `swap` still throws because there is no sensible target.",
  files=[
    F("packages/form/src/field-array.ts", "modified", r"""
@@ 27
-function assertIndex(list: unknown[], index: number, op: string) {
-  if (!Number.isInteger(index) || index < 0 || index > list.length) {
-    throw new RangeError(`fieldArray.${op}: index ${index} is out of range`);
-  }
+function clampIndex(list: unknown[], index: number): number {
+  return Math.min(Math.max(Math.trunc(index), 0), list.length);
 }
 
@@ 96 |   insert(index: number, value: Item, opts?: FocusOptions) {
     const list = this.getList();
-    assertIndex(list, index, 'insert');
-    this.splice(index, 0, [value], opts);
+    this.splice(clampIndex(list, index), 0, [value], opts);
   },
 
   move(from: number, to: number) {
     const list = this.getList();
-    assertIndex(list, from, 'move');
-    assertIndex(list, to, 'move');
+    if (from < 0 || from >= list.length) return;
+    to = clampIndex(list, to);
     this.reorder((keys) => keys.splice(to, 0, ...keys.splice(from, 1)));
   },
"""),
    F("packages/form/test/field-array.test.ts", "modified", r"""
@@ 133 | describe('move', () => {
-  it('throws for out-of-range indexes', () => {
+  it('clamps the target index', () => {
     const arr = createForm({ schema, defaultValues: { phones: [a, b, c] } }).fieldArray('phones');
-    expect(() => arr.move(0, 5)).toThrow(RangeError);
+    arr.move(0, 5);
+    expect(arr.fields.map((f) => f.number)).toEqual([b.number, c.number, a.number]);
   });
"""),
  ],
  truth=[W + "forms/field-arrays.md"])

c.add("direct", "fix(react): useWatch returns the form's value on first render",
  body="Components using `useWatch` rendered once with `undefined` and then again with the real value, which made computed totals flash. Read the current value synchronously from the store for the initial state; `defaultValue` is now only used when the form has no value at that path.",
  files=[
    F("packages/react/src/use-watch.ts", "modified", r"""
@@ 21 | export function useWatch(options: UseWatchOptions = {}) {
   const form = useResolvedForm(options.form);
   const { name, defaultValue } = options;
-  const [value, setValue] = useState(defaultValue);
+  const [value, setValue] = useState(() => {
+    const current = name === undefined ? form.getValues() : readValues(form, name);
+    return current === undefined ? defaultValue : current;
+  });
 
   useEffect(
     () => form.watch(name, (next) => setValue(next)),
"""),
    F("packages/react/test/use-watch.test.tsx", "modified", r"""
@@ 30 | describe('useWatch', () => {
-  it('returns defaultValue on the first render', () => {
+  it('returns the form value on the first render', () => {
     const renders: unknown[] = [];
     function Total() {
       renders.push(useWatch({ name: 'quantity', defaultValue: 0 }));
       return null;
     }
     renderWithForm(<Total />, { defaultValues: { quantity: 3 } });
-    expect(renders).toEqual([0, 3]);
+    expect(renders).toEqual([3]);
   });
"""),
  ],
  truth=[W + "api/react-hooks.md"])

c.add("direct", "feat(core): allow enum and literal-union discriminators in discriminatedUnion",
  body="""Lets one option cover several discriminator values:

```ts
q.discriminatedUnion('type', [
  q.object({ type: q.enum(['jpeg', 'png']), quality: q.number() }),
  q.object({ type: q.literal('svg') }),
]);
```

Duplicate values across options are still rejected at construction time.""",
  files=[
    F("packages/core/src/types/discriminated-union.ts", "modified", r"""
@@ 33 | function buildLookup(key: string, options: QObject[]): Map<Primitive, QObject> {
   const lookup = new Map<Primitive, QObject>();
   for (const option of options) {
     const disc = option.shape[key];
-    if (!(disc instanceof QLiteral)) {
-      throw new Error(`Discriminator property ${key} must be a literal in every option`);
-    }
-    for (const value of disc.values) {
+    const values = discriminatorValues(disc);
+    if (!values) {
+      throw new Error(
+        `Discriminator property ${key} must be a literal, an enum or a union of literals in every option`,
+      );
+    }
+    for (const value of values) {
       if (lookup.has(value)) {
         throw new Error(`Duplicate discriminator value ${String(value)}`);
       }
       lookup.set(value, option);
     }
   }
   return lookup;
 }
+
+function discriminatorValues(schema: Schema | undefined): Primitive[] | undefined {
+  if (schema instanceof QLiteral) return schema.values;
+  if (schema instanceof QEnum) return schema.options;
+  if (schema instanceof QUnion) {
+    const parts = schema.options.map(discriminatorValues);
+    return parts.every(Boolean) ? parts.flat() as Primitive[] : undefined;
+  }
+  return undefined;
+}
"""),
    F("packages/core/test/discriminated-union.test.ts", "modified", r"""
@@ 61 | describe('construction', () => {
-  it('rejects enum discriminators', () => {
-    expect(() => q.discriminatedUnion('t', [q.object({ t: q.enum(['a', 'b']) })])).toThrow(/must be a literal/);
+  it('accepts enum discriminators', () => {
+    const s = q.discriminatedUnion('t', [q.object({ t: q.enum(['a', 'b']) }), q.object({ t: q.literal('c') })]);
+    expect(s.parse({ t: 'b' })).toEqual({ t: 'b' });
+  });
+
+  it('rejects duplicate values across enum options', () => {
+    expect(() =>
+      q.discriminatedUnion('t', [q.object({ t: q.enum(['a', 'b']) }), q.object({ t: q.literal('b') })]),
+    ).toThrow(/Duplicate discriminator value b/);
   });
"""),
  ],
  truth=[W + "schemas/unions-and-enums.md"])

c.add("direct", "fix(core): report all unknown keys in a single unrecognized_keys issue",
  body="A payload with 40 unexpected keys produced 40 issues. One issue with every key in `keys` is easier to display and matches the shape of the issue type, which already had an array.",
  files=[
    F("packages/core/src/types/object.ts", "modified", r"""
@@ 187 |     if (this.unknownKeys === 'strict') {
-      for (const key of Object.keys(input)) {
-        if (!this.keySet.has(key)) {
-          addIssue(ctx, { code: 'unrecognized_keys', keys: [key], path: [] });
-        }
-      }
+      const unknown = Object.keys(input).filter((key) => !this.keySet.has(key));
+      if (unknown.length > 0) {
+        addIssue(ctx, { code: 'unrecognized_keys', keys: unknown, path: [] });
+      }
     } else if (this.unknownKeys === 'passthrough') {
"""),
    F("packages/core/test/object.test.ts", "modified", r"""
@@ 142 | describe('strict', () => {
-  it('reports one issue per unknown key', () => {
+  it('reports all unknown keys in one issue', () => {
     const { error } = q.object({ a: q.string() }).strict().safeParse({ a: 'x', b: 1, c: 2 });
-    expect(error!.issues).toHaveLength(2);
-    expect(error!.issues.map((i) => i.keys)).toEqual([['b'], ['c']]);
+    expect(error!.issues).toHaveLength(1);
+    expect(error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['b', 'c'] });
   });
"""),
  ],
  truth=[W + "schemas/objects.md", W + "reference/issue-codes.md"])

c.add("direct", "fix(core): detect cyclic input in recursive schemas",
  body="Parsing a tree whose nodes point back to their parent recursed until the stack overflowed. `q.lazy` now tracks the objects on the current path and throws a `TypeError` naming the path where the cycle was found.",
  files=[
    F("packages/core/src/types/lazy.ts", "modified", r"""
@@ 11 | export class QLazy<T> extends Schema<T> {
   _parse(input: unknown, ctx: ParseContext): ParseResult<T> {
+    if (typeof input === 'object' && input !== null) {
+      if (ctx.ancestors.has(input)) {
+        throw new TypeError(
+          `Cyclic input detected at ${formatPath(ctx.path) || '(root)'}: recursive schemas only accept trees`,
+        );
+      }
+      ctx.ancestors.add(input);
+      try {
+        return this.schema._parse(input, ctx);
+      } finally {
+        ctx.ancestors.delete(input);
+      }
+    }
     return this.schema._parse(input, ctx);
   }
"""),
    F("packages/core/src/parse.ts", "modified", r"""
@@ 19 | export interface ParseContext {
   path: PathSegment[];
   issues: Issue[];
   async: boolean;
+  /** Objects currently being parsed by q.lazy, to detect cycles. */
+  ancestors: Set<object>;
   errorMap?: ErrorMap;
 }
@@ 44 | export function createContext(options: ParseOptions = {}): ParseContext {
-  return { path: options.path ?? [], issues: [], async: false, errorMap: options.errorMap };
+  return { path: options.path ?? [], issues: [], async: false, ancestors: new Set(), errorMap: options.errorMap };
 }
"""),
    F("packages/core/test/lazy.test.ts", "modified", r"""
@@ 48 | describe('q.lazy', () => {
+  it('throws a TypeError for cyclic input', () => {
+    const node: any = { name: 'root', children: [] };
+    node.children.push(node);
+    expect(() => Category.parse(node)).toThrow(/Cyclic input detected at children\.0/);
+  });
+
   it('parses deep trees', () => {
"""),
  ],
  truth=[W + "schemas/recursive-and-lazy.md", W + "troubleshooting.md"])

c.add("direct", "fix(form): reset() sets submitCount back to 0",
  body="Wizards that reset the form between steps showed \"submitted 3 times\" on a fresh step. `reset()` now clears `submitCount` like every other flag; pass `keepSubmitCount: true` for the old behaviour.",
  files=[
    F("packages/form/src/create-form.ts", "modified", r"""
@@ 214 |   function reset(values?: DefaultValues, opts: ResetOptions = {}) {
     store.update((s) => ({
       ...s,
       errors: opts.keepErrors ? s.errors : {},
       touched: opts.keepTouched ? s.touched : {},
       dirty: opts.keepDirty ? s.dirty : {},
       isSubmitted: opts.keepIsSubmitted ? s.isSubmitted : false,
       isSubmitSuccessful: opts.keepIsSubmitted ? s.isSubmitSuccessful : false,
+      submitCount: opts.keepSubmitCount ? s.submitCount : 0,
     }));
"""),
    F("packages/form/src/types.ts", "modified", r"""
@@ 88 | export interface ResetOptions {
   keepDirty?: boolean;
   keepTouched?: boolean;
   keepIsSubmitted?: boolean;
+  /** Keep `submitCount` instead of setting it to 0. */
+  keepSubmitCount?: boolean;
 }
"""),
    F("packages/form/test/reset.test.ts", "modified", r"""
@@ 57 | describe('reset', () => {
-  it('keeps submitCount', async () => {
+  it('resets submitCount unless keepSubmitCount is set', async () => {
     const form = createForm({ schema, defaultValues });
     await form.handleSubmit(noop)();
     form.reset();
-    expect(form.state.submitCount).toBe(1);
+    expect(form.state.submitCount).toBe(0);
+    await form.handleSubmit(noop)();
+    form.reset(undefined, { keepSubmitCount: true });
+    expect(form.state.submitCount).toBe(1);
   });
"""),
  ],
  truth=[W + "api/create-form.md"])

c.add("direct", "fix(json-schema): use nullable: true for the openapi-3.0 target",
  body="OpenAPI 3.0 has no `null` type; Swagger UI and openapi-generator rejected our `anyOf` output. Emit `nullable: true` on the inner schema for that target only.",
  files=[
    F("packages/json-schema/src/converters/nullable.ts", "modified", r"""
@@ 8 | export function convertNullable(schema: QNullable, ctx: ConvertContext): JSONSchema {
   const inner = ctx.convert(schema.unwrap());
+  if (ctx.target === 'openapi-3.0') {
+    if ('$ref' in inner) return { allOf: [inner], nullable: true };
+    return { ...inner, nullable: true };
+  }
   return { anyOf: [inner, { type: 'null' }] };
 }
"""),
    F("packages/json-schema/test/openapi.test.ts", "modified", r"""
@@ 36 | describe('openapi-3.0 target', () => {
   it('renames examples to example', () => {
     expect(toJSONSchema(q.string().meta({ examples: ['a'] }), opts)).toEqual({ type: 'string', example: 'a' });
   });
+
+  it('emits nullable: true', () => {
+    expect(toJSONSchema(q.string().nullable(), opts)).toEqual({ type: 'string', nullable: true });
+    expect(toJSONSchema(q.object({ a: q.string() }).nullable(), opts)).toMatchObject({ nullable: true });
+  });
"""),
  ],
  truth=[W + "api/json-schema.md"])

c.add("direct", "feat(core): detect blocked code generation and fall back to jitless parsing",
  body="""`jitless` now defaults to `'auto'`: the first time an object parser would be compiled, Quill probes `new Function('')` once. If a Content-Security-Policy or the runtime forbids it, Quill switches to the interpreter for the rest of the process instead of throwing an `EvalError`. `true` and `false` keep forcing one mode.

Fixes #1655 and #1699 (Cloudflare Workers, MV3 extensions).""",
  files=[
    F("packages/core/src/helpers/jit.ts", "modified", r"""
@@ 1
 import { getConfig } from '../config';
+
+let codegenAllowed: boolean | undefined;
+
+function canGenerateCode(): boolean {
+  if (codegenAllowed === undefined) {
+    try {
+      new Function('');
+      codegenAllowed = true;
+    } catch {
+      codegenAllowed = false;
+    }
+  }
+  return codegenAllowed;
+}
 
 export function shouldCompile(): boolean {
-  return !getConfig().jitless;
+  const { jitless } = getConfig();
+  if (jitless === 'auto') return canGenerateCode();
+  return !jitless;
 }
"""),
    F("packages/core/src/config.ts", "modified", r"""
@@ 6 | export interface QuillConfig {
   errorMap: ErrorMap;
-  /** Disable compiled object parsers (new Function). @default false */
-  jitless: boolean;
+  /**
+   * Disable compiled object parsers (new Function). `'auto'` disables them
+   * when code generation is blocked. @default 'auto'
+   */
+  jitless: boolean | 'auto';
   reportInput: boolean;
   maxIssues: number;
 }
 
 const config: QuillConfig = {
   errorMap: defaultErrorMap,
-  jitless: false,
+  jitless: 'auto',
   reportInput: false,
"""),
    F("packages/core/test/jit.test.ts", "modified", r"""
@@ 22 | describe('jitless', () => {
+  it("falls back to the interpreter when new Function is blocked with 'auto'", () => {
+    vi.stubGlobal('Function', () => {
+      throw new EvalError('Code generation from strings disallowed for this context');
+    });
+    expect(() => User.parse({ name: 'Ada' })).not.toThrow();
+    vi.unstubAllGlobals();
+  });
+
   it('uses the interpreter when jitless is true', () => {
"""),
  ],
  truth=[W + "reference/configuration.md", W + "guides/performance.md", W + "troubleshooting.md"])

c.add("direct", "fix(react): return submitted values from createFormAction on error",
  body="Without JavaScript, React resets the form after the action, so the user lost everything they typed when the server rejected it. The action state now includes the decoded `values` when `status` is `'error'`, and `useActionForm` uses them as default values for the next render.",
  files=[
    F("packages/react/src/server/create-form-action.ts", "modified", r"""
@@ 24 | export function createFormAction<S extends Schema, R>(schema: S, handler: Handler<S, R>) {
   return async (_prev: FormActionState<R>, formData: FormData): Promise<FormActionState<R>> => {
     const values = decodeFormData(formData);
     const result = await schema.safeParseAsync(values);
     if (!result.success) {
-      return { status: 'error', errors: result.error.flatten() };
+      return { status: 'error', errors: result.error.flatten(), values: withoutFiles(values) };
     }
     return { status: 'success', data: await handler(result.data) };
   };
"""),
    F("packages/react/src/use-action-form.ts", "modified", r"""
@@ 31 | export function useActionForm(action, options) {
   const [state, formAction, isPending] = useActionState(action, initialState);
-  const form = useForm(options);
+  const form = useForm({
+    ...options,
+    defaultValues: state.status === 'error' && state.values ? state.values : options.defaultValues,
+  });
 
   useEffect(() => {
"""),
    F("packages/react/test/create-form-action.test.ts", "modified", r"""
@@ 40 | describe('createFormAction', () => {
   it('returns flattened errors', async () => {
     const state = await action(initial, formData({ email: 'nope', message: 'hi' }));
     expect(state.status).toBe('error');
     expect(state.errors.fieldErrors.email).toEqual(['Invalid email']);
+    expect(state.values).toEqual({ email: 'nope', message: 'hi' });
   });
"""),
  ],
  truth=[W + "integrations/nextjs-server-actions.md"])

c.add("direct", "fix(locales): fall back to English for untranslated issues",
  body="Showing the raw issue code (`not_multiple_of`) to end users is worse than an English sentence.",
  files=[
    F("packages/locales/src/util.ts", "modified", r"""
@@ 5
-import type { ErrorMap, Issue } from '@quilljs/core';
+import { defaultErrorMap, type ErrorMap, type Issue } from '@quilljs/core';
 
 export function createLocale(messages: LocaleMessages): () => ErrorMap {
   return () => (issue: Issue) => {
     const message = messages[issue.code]?.(issue as never);
-    return message ?? issue.code;
+    return message ?? defaultErrorMap(issue);
   };
 }
"""),
    F("packages/locales/test/locales.test.ts", "modified", r"""
@@ 63 | describe('missing translations', () => {
-  it('use the issue code', () => {
+  it('fall back to English', () => {
     const map = createLocale({})();
-    expect(map({ code: 'not_finite', path: [] } as Issue)).toBe('not_finite');
+    expect(map({ code: 'not_finite', path: [] } as Issue)).toBe('Number must be finite');
   });
"""),
  ],
  truth=[W + "guides/error-messages-and-i18n.md"])

c.add("direct", "feat(core)!: records with enum keys require every key",
  body="""`q.record(q.enum(['a', 'b']), v)` now behaves like an object with keys `a` and `b`: missing keys are reported as `Required` and the inferred type is `Record<'a' | 'b', V>`. Use the new `q.partialRecord()` for the old behaviour.

Part of the 3.5 exhaustiveness work (#1690).""",
  message="feat(core)!: records with enum keys require every key (#1803)\n\nBREAKING CHANGE: q.record with an enum key schema now reports missing keys.\nUse q.partialRecord() to accept a subset.",
  files=[
    F("packages/core/src/types/record.ts", "modified", r"""
@@ 30 | export class QRecord<K extends KeySchema, V extends Schema> extends Schema<RecordOutput<K, V>> {
+  constructor(key: K, value: V, private readonly partial = false) {
+    super();
+    this.key = key;
+    this.value = value;
+  }
+
   _parse(input: unknown, ctx: ParseContext) {
     if (!isPlainObject(input)) return invalidType(ctx, 'object', input);
     const out: Record<string, unknown> = {};
+    if (!this.partial && this.key instanceof QEnum) {
+      for (const key of this.key.options) {
+        if (!(key in input)) addIssue(ctx, { code: 'invalid_type', expected: 'unknown', received: 'undefined', path: [key] });
+      }
+    }
     for (const [key, value] of Object.entries(input)) {
"""),
    F("packages/core/src/q.ts", "modified", r"""
@@ 41
 export const record = <K extends KeySchema, V extends Schema>(key: K, value: V) => new QRecord(key, value);
+export const partialRecord = <K extends KeySchema, V extends Schema>(key: K, value: V) =>
+  new QRecord(key, value, true) as unknown as QRecord<K, QOptional<V>>;
 export const map = <K extends Schema, V extends Schema>(key: K, value: V) => new QMap(key, value);
"""),
    F("packages/core/test/record.test.ts", "modified", r"""
@@ 52 | describe('enum keys', () => {
-  it('accepts a subset of keys', () => {
-    expect(Limits.parse({ free: 1 })).toEqual({ free: 1 });
+  it('requires every key', () => {
+    expect(Limits.safeParse({ free: 1 }).error?.issues.map((i) => i.path)).toEqual([['pro'], ['team']]);
+  });
+
+  it('partialRecord accepts a subset of keys', () => {
+    expect(q.partialRecord(q.enum(['free', 'pro', 'team']), q.number()).parse({ free: 1 })).toEqual({ free: 1 });
   });
"""),
  ],
  truth=[W + "schemas/collections.md", W + "api/core-schema-builders.md"])

# ---------------------------------------------------------------- misleading
c.add("misleading", "fix(form): ignore handleSubmit while a submission is in progress",
  body="Pressing Enter twice in a sign-up form created two accounts. A second call to the submit handler while `isSubmitting` is true now returns the pending promise instead of starting another submission.",
  files=[
    F("packages/form/src/submit.ts", "modified", r"""
@@ 17 | export function createSubmitHandler(form: FormInternals, onValid?: OnValid, onInvalid?: OnInvalid) {
-  return async (event?: SubmitEventLike) => {
+  let pending: Promise<void> | undefined;
+
+  return (event?: SubmitEventLike) => {
     event?.preventDefault?.();
+    if (pending) return pending;
+    pending = run(event).finally(() => {
+      pending = undefined;
+    });
+    return pending;
+  };
+
+  async function run(event?: SubmitEventLike) {
     form.store.update((s) => ({ ...s, isSubmitting: true, submitCount: s.submitCount + 1 }));
     form.clearErrors('root');
     await form.asyncValidator.settle();
"""),
    F("packages/form/test/submit.test.ts", "modified", r"""
@@ 118 | describe('handleSubmit', () => {
+  it('ignores a second submit while the first is running', async () => {
+    const form = createForm({
+      schema: q.object({ email: q.string().email(), password: q.string().min(8) }),
+      defaultValues: { email: 'ada@example.com', password: 'correct horse' },
+    });
+    const onValid = vi.fn(() => new Promise((r) => setTimeout(r, 50)));
+    const submit = form.handleSubmit(onValid);
+    await Promise.all([submit(), submit()]);
+    expect(onValid).toHaveBeenCalledTimes(1);
+    expect(form.state.submitCount).toBe(1);
+  });
+
   it('focuses the first invalid field', async () => {
"""),
  ],
  truth=[W + "forms/submission.md"])

c.add("misleading", "fix(core): clearer default error messages for arrays and sets",
  body="\"Array must contain at least 1 element(s)\" reads like a developer message. Use \"Too small: expected array to have at least 1 item\" with correct pluralisation, and the same wording for sets.",
  files=[
    F("packages/core/src/errors/default-error-map.ts", "modified", r"""
@@ 34 | export const defaultErrorMap: ErrorMap = (issue) => {
+  const items = (n: number | bigint) => `${n} ${n === 1 || n === 1n ? 'item' : 'items'}`;
   switch (issue.code) {
     case 'too_small':
       switch (issue.type) {
         case 'string':
           return `String must contain ${bound(issue, 'at least')} ${issue.minimum} character(s)`;
         case 'array':
-          return `Array must contain ${bound(issue, 'at least')} ${issue.minimum} element(s)`;
+          return `Too small: expected array to have ${bound(issue, 'at least')} ${items(issue.minimum)}`;
         case 'set':
-          return `Set must contain ${bound(issue, 'at least')} ${issue.minimum} element(s)`;
+          return `Too small: expected set to have ${bound(issue, 'at least')} ${items(issue.minimum)}`;
         case 'number':
           return `Number must be ${issue.inclusive ? 'greater than or equal to' : 'greater than'} ${issue.minimum}`;
@@ 56 |     case 'too_big':
         case 'array':
-          return `Array must contain ${bound(issue, 'at most')} ${issue.maximum} element(s)`;
+          return `Too big: expected array to have ${bound(issue, 'at most')} ${items(issue.maximum)}`;
         case 'set':
-          return `Set must contain ${bound(issue, 'at most')} ${issue.maximum} element(s)`;
+          return `Too big: expected set to have ${bound(issue, 'at most')} ${items(issue.maximum)}`;
"""),
    F("packages/core/test/default-error-map.test.ts", "modified", r"""
@@ 40 | describe('too_small', () => {
   it('arrays', () => {
-    expect(message(q.array(q.string()).min(2), [])).toBe('Array must contain at least 2 element(s)');
+    expect(message(q.array(q.string()).min(2), [])).toBe('Too small: expected array to have at least 2 items');
+    expect(message(q.array(q.string()).nonempty(), [])).toBe('Too small: expected array to have at least 1 item');
   });
"""),
  ],
  truth=[W + "reference/issue-codes.md"])

c.add("misleading", "fix(form): call watch callbacks after reset()",
  body="A country/region picker kept showing the regions of the previous country after `form.reset()`, because `reset` bypassed the watch notifications. Watchers are now notified for every path whose value changed during a reset.",
  files=[
    F("packages/form/src/watch.ts", "modified", r"""
@@ 12 | export function createWatchers(store: FormStore) {
   const watchers = new Set<Watcher>();
 
-  function notify(changedPath: string, values: unknown) {
+  function notify(changedPaths: string[], values: unknown) {
     for (const w of watchers) {
-      if (w.names === undefined || w.names.some((n) => isPathPrefix(n, changedPath) || isPathPrefix(changedPath, n))) {
+      const hit = changedPaths.some(
+        (p) => w.names === undefined || w.names.some((n) => isPathPrefix(n, p) || isPathPrefix(p, n)),
+      );
+      if (hit) {
         w.callback(readWatched(values, w.names));
       }
     }
   }
"""),
    F("packages/form/src/create-form.ts", "modified", r"""
@@ 214 |   function reset(values?: DefaultValues, opts: ResetOptions = {}) {
+    const before = store.get().values;
     const next = opts.keepValues ? store.get().values : structuredClone(values ?? defaultValues);
     if (values && !opts.keepDefaultValues) defaultValues = values;
     store.update((s) => ({ ...s, values: next }));
+    const changed = diffPaths(before, next);
+    if (changed.length > 0) watchers.notify(changed, next);
"""),
    F("packages/form/test/watch.test.ts", "modified", r"""
@@ 66 | describe('watch', () => {
-  it('is not called by reset()', () => {
+  it('is called by reset() when the value changes', () => {
     const form = createForm({ schema: Address, defaultValues: { country: 'DE', region: '' } });
-    const cb = vi.fn();
-    form.watch('country', cb);
+    const regions = vi.fn();
+    form.watch('country', regions);
+    form.setValue('country', 'FR');
     form.reset();
-    expect(cb).not.toHaveBeenCalled();
+    expect(regions).toHaveBeenLastCalledWith('DE');
   });
"""),
  ],
  truth=[W + "api/create-form.md"])

c.add("misleading", "fix(core): report received \"nan\" for NaN input",
  body="",
  files=[
    F("packages/core/src/helpers/parsed-type.ts", "modified", r"""
@@ 3 | export type ParsedType =
   | 'string'
   | 'number'
+  | 'nan'
   | 'bigint'
   | 'boolean'
@@ 22 | export function getParsedType(data: unknown): ParsedType {
   switch (typeof data) {
     case 'string':
       return 'string';
     case 'number':
-      return 'number';
+      return Number.isNaN(data) ? 'nan' : 'number';
     case 'bigint':
       return 'bigint';
"""),
    F("packages/core/test/number.test.ts", "modified", r"""
@@ 12 | describe('q.number()', () => {
   it('rejects NaN', () => {
     const { error } = q.number().safeParse(Number('abc'));
-    expect(error!.issues[0]).toMatchObject({ code: 'invalid_type', expected: 'number', received: 'number' });
+    expect(error!.issues[0]).toMatchObject({ code: 'invalid_type', expected: 'number', received: 'nan' });
+    expect(error!.issues[0].message).toBe('Expected number, received nan');
   });
"""),
  ],
  truth=[W + "schemas/numbers-and-dates.md", W + "faq.md"])

c.add("misleading", "feat(form): remove() without arguments clears the field array",
  body="Matches what people expected from the invoice example (\"remove all line items\"). `remove()` with no index removes every item; `remove(index)` and `remove([indexes])` are unchanged.",
  files=[
    F("packages/form/src/field-array.ts", "modified", r"""
@@ 118 |   remove(index?: number | number[]) {
     const list = this.getList();
-    if (index === undefined) {
-      throw new TypeError('fieldArray.remove: an index is required; use replace([]) to clear the list');
-    }
-    const indexes = new Set(Array.isArray(index) ? index : [index]);
+    const indexes =
+      index === undefined ? new Set(list.keys()) : new Set(Array.isArray(index) ? index : [index]);
     this.update(list.filter((_, i) => !indexes.has(i)), { removed: [...indexes] });
   },
"""),
    F("packages/react/src/use-field-array.ts", "modified", r"""
@@ 15 | export interface UseFieldArrayReturn<T> {
   append(value: T, opts?: FocusOptions): void;
   prepend(value: T, opts?: FocusOptions): void;
   insert(index: number, value: T, opts?: FocusOptions): void;
-  remove(index: number | number[]): void;
+  /** Removes the items at `index`, or every item when called without arguments. */
+  remove(index?: number | number[]): void;
   move(from: number, to: number): void;
"""),
    F("packages/form/test/field-array.test.ts", "modified", r"""
@@ 171 | describe('remove', () => {
   it('removes several line items', () => {
     const lineItems = invoiceForm().fieldArray('lineItems');
     lineItems.remove([0, 2]);
     expect(lineItems.fields.map((f) => f.description)).toEqual(['Hosting']);
   });
+
+  it('removes every line item without an index', () => {
+    const lineItems = invoiceForm().fieldArray('lineItems');
+    lineItems.remove();
+    expect(lineItems.fields).toEqual([]);
+  });
"""),
  ],
  truth=[W + "forms/field-arrays.md"])

c.add("misleading", "fix(form): decodeFormData collects repeated keys into arrays",
  body="Checkbox groups posted to a server action (`name=\"topics\"` on every checkbox) lost all but the last value unless the name ended with `[]`, which nobody remembers. Repeated keys now always produce an array; a single occurrence stays a string. The `[]` suffix still forces an array for groups where only one box is checked.",
  files=[
    F("packages/form/src/decode-form-data.ts", "modified", r"""
@@ 27 | export function decodeFormData(data: FormData | URLSearchParams, options: DecodeOptions = {}) {
   const out: Record<string, unknown> = {};
+  const seen = new Set<string>();
   for (const [rawName, value] of data.entries()) {
     if (ignored(rawName, options.ignore)) continue;
     if (isEmptyFile(value)) continue;
     const forceArray = rawName.endsWith('[]');
     const name = forceArray ? rawName.slice(0, -2) : rawName;
     const v = options.emptyStringAsUndefined && value === '' ? undefined : value;
-    if (forceArray) {
+    const current = getIn(out, name);
+    if (forceArray) {
       appendIn(out, name, v);
+    } else if (seen.has(name)) {
+      setIn(out, name, Array.isArray(current) ? [...current, v] : [current, v]);
     } else {
       setIn(out, name, v);
     }
+    seen.add(name);
   }
   return out;
"""),
    F("packages/form/test/decode-form-data.test.ts", "modified", r"""
@@ 45 | describe('repeated keys', () => {
-  it('keeps the last value', () => {
+  it('collects values into an array', () => {
     const fd = new FormData();
     fd.append('topics', 'news');
     fd.append('topics', 'releases');
-    expect(decodeFormData(fd)).toEqual({ topics: 'releases' });
+    expect(decodeFormData(fd)).toEqual({ topics: ['news', 'releases'] });
   });
"""),
  ],
  truth=[W + "api/form-utilities.md"])

c.add("misleading", "feat(form): validation modes for field arrays",
  body="""Field array operations (`append`, `remove`, `move`, ...) now validate the array path according to the form's mode: after the first submit they follow `revalidateOn`, before it they validate when `validateOn` is `'change'` or `'all'`. Previously the `.min(1)` error on a list stayed visible after adding an item until the next submit, unless you called `trigger()` yourself.""",
  files=[
    F("packages/form/src/field-array.ts", "modified", r"""
@@ 58 |   private update(next: unknown[], meta: ArrayChange) {
     this.form.store.update((s) => ({
       ...s,
       values: setIn(s.values, this.name, next),
       ...moveFieldMeta(s, this.name, meta),
     }));
+    if (shouldValidateOn(this.form.state, this.form.options, 'change')) {
+      void this.form.validateField(this.name);
+    }
   }
"""),
    F("packages/form/src/validation-mode.ts", "modified", r"""
@@ 9
-function shouldValidate(state: FormState, options: ModeOptions, event: 'blur' | 'change'): boolean {
+export function shouldValidateOn(state: FormState, options: ModeOptions, event: 'blur' | 'change'): boolean {
   const mode = state.isSubmitted ? options.revalidateOn : options.validateOn;
   if (mode === 'all') return true;
   if (mode === 'touched') return event === 'blur' || state.touched[state.activeField ?? ''] === true;
   return mode === event;
 }
"""),
    F("packages/form/test/field-array.test.ts", "modified", r"""
@@ 210 | describe('validation', () => {
-  it('does not validate on append', async () => {
+  it('revalidates the array after append once submitted', async () => {
     const form = createForm({ schema: q.object({ phones: q.array(Phone).min(1) }), defaultValues: { phones: [] } });
     await form.handleSubmit(noop)();
     expect(form.state.errors.phones).toBeDefined();
     form.fieldArray('phones').append({ number: '' });
-    expect(form.state.errors.phones).toBeDefined();
+    await flush();
+    expect(form.state.errors.phones).toBeUndefined();
   });
"""),
  ],
  truth=[W + "forms/field-arrays.md"])

c.add("misleading", "fix(form): create arrays for numeric path segments in setIn",
  body="`setIn({}, 'tags.0', 'a')` produced `{ tags: { 0: 'a' } }`. Create an array when the next segment is a non-negative integer, as `decodeFormData` already does.",
  files=[
    F("packages/form/src/path-utils.ts", "modified", r"""
@@ 31 | export function setIn<T>(target: T, path: string, value: unknown): T {
   const segments = splitPath(path);
   const root: any = Array.isArray(target) ? [...target] : { ...target };
   let node = root;
   for (let i = 0; i < segments.length - 1; i++) {
     const key = segments[i];
     const existing = node[key];
-    node[key] = existing && typeof existing === 'object' ? shallowCopy(existing) : {};
+    if (existing && typeof existing === 'object') {
+      node[key] = shallowCopy(existing);
+    } else {
+      node[key] = isIndex(segments[i + 1]) ? [] : {};
+    }
     node = node[key];
   }
   node[segments[segments.length - 1]] = value;
   return root;
 }
+
+const isIndex = (segment: string) => /^(0|[1-9]\d*)$/.test(segment);
"""),
    F("packages/form/test/path-utils.test.ts", "modified", r"""
@@ 24 | describe('setIn', () => {
   it('creates missing objects', () => {
     expect(setIn({}, 'customer.email', 'x')).toEqual({ customer: { email: 'x' } });
   });
+
+  it('creates arrays for numeric segments', () => {
+    expect(setIn({}, 'tags.0', 'a')).toEqual({ tags: ['a'] });
+    expect(setIn({}, 'lineItems.1.price', 3)).toEqual({ lineItems: [undefined, { price: 3 }] });
+  });
"""),
  ],
  truth=[W + "concepts/form-state.md", W + "troubleshooting.md"])

c.add("misleading", "fix(json-schema): keys with defaults are optional with io: 'input'",
  body="""Request bodies generated for OpenAPI listed `role` in `required` for:

```ts
const CreateUser = q.object({
  name: q.string().min(1),
  email: q.string().email(),
  role: q.enum(['admin', 'member']).default('member'),
});
toJSONSchema(CreateUser, { target: 'openapi-3.0', io: 'input' });
```

Clients may omit it, so it must not be required on the input side. Output schemas are unchanged.""",
  files=[
    F("packages/json-schema/src/converters/object.ts", "modified", r"""
@@ 19 | export function convertObject(schema: QObject, ctx: ConvertContext): JSONSchema {
   const properties: Record<string, JSONSchema> = {};
   const required: string[] = [];
   for (const [key, value] of Object.entries(schema.shape)) {
     properties[key] = ctx.convert(value, [...ctx.path, 'properties', key]);
-    if (!value.isOptional()) required.push(key);
+    const optionalHere = ctx.io === 'input' ? value.isOptional() || hasDefault(value) : value.isOptional();
+    if (!optionalHere) required.push(key);
   }
"""),
    F("packages/json-schema/test/to-json-schema.test.ts", "modified", r"""
@@ 88 | describe('io', () => {
   const CreateUser = q.object({
     name: q.string().min(1),
     email: q.string().email(),
     role: q.enum(['admin', 'member']).default('member'),
   });
 
-  it('lists keys with defaults as required in both modes', () => {
-    expect(toJSONSchema(CreateUser, { io: 'input' }).required).toEqual(['name', 'email', 'role']);
+  it('does not require keys with defaults on input', () => {
+    expect(toJSONSchema(CreateUser, { io: 'input' }).required).toEqual(['name', 'email']);
     expect(toJSONSchema(CreateUser).required).toEqual(['name', 'email', 'role']);
   });
"""),
  ],
  truth=[W + "api/json-schema.md"])

c.add("misleading", "fix(core): don't let errors thrown in transforms escape safeParse",
  body="""An Express handler using

```ts
const result = await CreateUser.safeParseAsync(req.body);
if (!result.success) return res.status(400).json(result.error.flatten());
```

answered 500 when a transform threw (e.g. `JSON.parse` on a malformed field). Errors thrown inside `.transform()` are now caught and reported as a `custom` issue at the transform's path, with the error's message and the error in `params.cause`. `parse()` throws a `QuillError` as for any other issue.""",
  files=[
    F("packages/core/src/types/effects.ts", "modified", r"""
@@ 63 |   private runTransform(value: unknown, ctx: ParseContext) {
-    const result = this.transformFn(value, makeRefinementCtx(ctx));
-    return result;
+    try {
+      return this.transformFn(value, makeRefinementCtx(ctx));
+    } catch (cause) {
+      addIssue(ctx, {
+        code: 'custom',
+        message: cause instanceof Error ? cause.message : String(cause),
+        params: { cause },
+      });
+      return NEVER;
+    }
   }
"""),
    F("packages/core/test/transform.test.ts", "modified", r"""
@@ 77 | describe('transform', () => {
-  it('propagates errors thrown by the transform', () => {
-    const schema = q.string().transform((s) => JSON.parse(s));
-    expect(() => schema.safeParse('{oops')).toThrow(SyntaxError);
+  it('reports errors thrown by the transform as issues', async () => {
+    const body = q.object({ name: q.string(), settings: q.string().transform((s) => JSON.parse(s)) });
+    const result = await body.safeParseAsync({ name: 'Ada', settings: '{oops' });
+    expect(result.success).toBe(false);
+    expect(result.error!.issues[0]).toMatchObject({ code: 'custom', path: ['settings'] });
   });
"""),
  ],
  truth=[W + "schemas/transforms-and-pipes.md"])

# ---------------------------------------------------------------- new_identifier
c.add("new_identifier", "feat(core): add q.string().jwt()",
  body="Checks that a string is a compact JWS: three base64url segments and a JSON header with an `alg`. `{ alg: 'HS256' }` restricts the algorithm. The signature is **not** verified.",
  files=[
    F("packages/core/src/types/string.ts", "modified", r"""
@@ 142 |   base64(params?: CheckParams) {
     return this.addCheck({ kind: 'base64', ...normalizeParams(params) });
   }
 
+  /** A JSON Web Token (compact JWS). Does not verify the signature. */
+  jwt(params?: CheckParams & { alg?: string }) {
+    return this.addCheck({ kind: 'jwt', alg: params?.alg, ...normalizeParams(params) });
+  }
+
   emoji(params?: CheckParams) {
@@ 268 |       case 'base64':
         if (!base64Regex.test(input)) invalidString(ctx, 'base64', check);
         break;
+      case 'jwt':
+        if (!isJwt(input, check.alg)) invalidString(ctx, 'jwt', check);
+        break;
"""),
    F("packages/core/src/helpers/regexes.ts", "modified", r"""
@@ 30
 export const base64Regex = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
+export const base64urlRegex = /^[A-Za-z0-9_-]*$/;
+
+export function isJwt(token: string, alg?: string): boolean {
+  const parts = token.split('.');
+  if (parts.length !== 3 || !parts.every((p) => base64urlRegex.test(p))) return false;
+  try {
+    const header = JSON.parse(atob(parts[0].replace(/-/g, '+').replace(/_/g, '/')));
+    return typeof header === 'object' && header !== null && 'alg' in header && (!alg || header.alg === alg);
+  } catch {
+    return false;
+  }
+}
"""),
    F("packages/core/src/errors/issues.ts", "modified", r"""
@@ 40 | export type StringValidation =
   | 'nanoid'
   | 'base64'
+  | 'jwt'
   | 'emoji'
   | 'ip'
"""),
    F("packages/core/test/string.test.ts", "modified", r"""
@@ 301 | describe('formats', () => {
+  describe('jwt', () => {
+    const token = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2ln';
+    it('accepts tokens', () => expect(q.string().jwt().safeParse(token).success).toBe(true));
+    it('checks alg', () => expect(q.string().jwt({ alg: 'RS256' }).safeParse(token).success).toBe(false));
+    it('rejects two segments', () => expect(q.string().jwt().safeParse('a.b').success).toBe(false));
+  });
+
   describe('emoji', () => {
"""),
  ],
  truth=[W + "schemas/strings.md"])

c.add("new_identifier", "feat(form): add resetField()",
  body="Resets a single field to its default value, clearing its error, `touched` and `dirty` flags. `resetField('email', { defaultValue: 'x' })` also updates the stored default.",
  files=[
    F("packages/form/src/create-form.ts", "modified", r"""
@@ 236 |   function reset(values?: DefaultValues, opts: ResetOptions = {}) {
     notify();
   }
 
+  function resetField(name: string, opts: ResetFieldOptions = {}) {
+    if ('defaultValue' in opts) defaultValues = setIn(defaultValues, name, opts.defaultValue);
+    store.update((s) => ({
+      ...s,
+      values: opts.keepValue ? s.values : setIn(s.values, name, getIn(defaultValues, name)),
+      errors: opts.keepError ? s.errors : omitPath(s.errors, name),
+      touched: opts.keepTouched ? s.touched : omitPath(s.touched, name),
+      dirty: opts.keepDirty ? s.dirty : omitPath(s.dirty, name),
+    }));
+  }
+
   return {
     get state() {
       return store.get();
     },
     reset,
+    resetField,
     getValues,
"""),
    F("packages/form/src/types.ts", "modified", r"""
@@ 94 | export interface ResetOptions {
 }
+
+export interface ResetFieldOptions {
+  defaultValue?: unknown;
+  keepValue?: boolean;
+  keepError?: boolean;
+  keepTouched?: boolean;
+  keepDirty?: boolean;
+}
"""),
    F("packages/form/test/reset.test.ts", "modified", r"""
@@ 90 | describe('reset', () => {
 });
+
+describe('resetField', () => {
+  it('resets one field only', () => {
+    const form = createForm({ schema, defaultValues: { email: '', name: '' } });
+    form.setValue('email', 'a@b.co', { shouldDirty: true });
+    form.setValue('name', 'Ada', { shouldDirty: true });
+    form.resetField('email');
+    expect(form.getValues()).toEqual({ email: '', name: 'Ada' });
+    expect(form.state.dirty).toEqual({ name: true });
+  });
+});
"""),
  ],
  truth=[W + "api/create-form.md"])

c.add("new_identifier", "feat(core): add q.stringbool()",
  body="""`q.coerce.boolean()` turns `'false'` into `true`, which keeps surprising people (see the FAQ). `q.stringbool()` parses the usual string spellings:

- truthy: `true`, `1`, `yes`, `on`, `y`, `enabled`
- falsy: `false`, `0`, `no`, `off`, `n`, `disabled`

Anything else is an `invalid_type` issue. Case-insensitive by default; `{ truthy, falsy, case: 'sensitive' }` customise it.""",
  files=[
    F("packages/core/src/types/stringbool.ts", "added", r"""
import { Schema } from '../schema';
import { addIssue, type ParseContext } from '../parse';

export interface StringBoolOptions {
  truthy?: string[];
  falsy?: string[];
  case?: 'sensitive' | 'insensitive';
  error?: string;
}

const TRUTHY = ['true', '1', 'yes', 'on', 'y', 'enabled'];
const FALSY = ['false', '0', 'no', 'off', 'n', 'disabled'];

export class QStringBool extends Schema<boolean, string> {
  constructor(private readonly opts: StringBoolOptions = {}) {
    super();
  }

  _parse(input: unknown, ctx: ParseContext) {
    if (typeof input !== 'string') {
      return addIssue(ctx, { code: 'invalid_type', expected: 'string', received: typeof input });
    }
    const sensitive = this.opts.case === 'sensitive';
    const value = sensitive ? input : input.toLowerCase();
    const norm = (list: string[]) => (sensitive ? list : list.map((s) => s.toLowerCase()));
    if (norm(this.opts.truthy ?? TRUTHY).includes(value)) return { ok: true, value: true };
    if (norm(this.opts.falsy ?? FALSY).includes(value)) return { ok: true, value: false };
    return addIssue(ctx, { code: 'invalid_type', expected: 'stringbool', received: 'string' }, this.opts);
  }
}
"""),
    F("packages/core/src/q.ts", "modified", r"""
@@ 12
 export const boolean = (params?: TypeParams) => new QBoolean(params);
+export const stringbool = (opts?: StringBoolOptions) => new QStringBool(opts);
 export const date = (params?: TypeParams) => new QDate(params);
"""),
    F("packages/core/test/coerce.test.ts", "modified", r"""
@@ 58 | describe('coerce.boolean', () => {
   it("turns 'false' into true", () => {
     expect(q.coerce.boolean().parse('false')).toBe(true);
   });
 });
+
+describe('stringbool', () => {
+  it.each([['yes', true], ['OFF', false], ['1', true], ['disabled', false]])('%s -> %s', (input, out) => {
+    expect(q.stringbool().parse(input)).toBe(out);
+  });
+
+  it('rejects other strings', () => {
+    expect(q.stringbool().safeParse('maybe').success).toBe(false);
+  });
+});
"""),
  ],
  truth=[W + "schemas/coercion.md", W + "api/core-schema-builders.md"])

c.add("new_identifier", "feat(json-schema): add an override hook",
  body="`override(ctx)` is called for every converted schema with `{ quillSchema, jsonSchema, path }` and may mutate `jsonSchema`. Useful for vendor extensions (`x-*`) and for representing `q.date()` the way your API tooling expects.",
  files=[
    F("packages/json-schema/src/options.ts", "modified", r"""
@@ 5 | export interface ToJSONSchemaOptions {
   target?: Target;
   io?: 'input' | 'output';
   $refStrategy?: 'root' | 'relative' | 'none';
   definitions?: Record<string, Schema>;
   unrepresentable?: 'throw' | 'any';
   includeSchemaKeyword?: boolean;
+  /** Called after each schema is converted; may mutate `ctx.jsonSchema`. */
+  override?: (ctx: OverrideContext) => void;
 }
+
+export interface OverrideContext {
+  quillSchema: Schema;
+  jsonSchema: JSONSchema;
+  path: (string | number)[];
+}
"""),
    F("packages/json-schema/src/to-json-schema.ts", "modified", r"""
@@ 47 |   function convert(schema: Schema, path: (string | number)[]): JSONSchema {
     const converter = converters.get(schema.kind) ?? unrepresentable;
     const jsonSchema = converter(schema, { ...ctx, path });
     applyMeta(schema, jsonSchema, options.target);
+    options.override?.({ quillSchema: schema, jsonSchema, path });
     return jsonSchema;
   }
"""),
    F("packages/json-schema/test/to-json-schema.test.ts", "modified", r"""
@@ 140 | describe('options', () => {
+  it('calls override for every schema', () => {
+    const out = toJSONSchema(q.object({ at: q.date() }), {
+      io: 'input',
+      override: ({ quillSchema, jsonSchema }) => {
+        if (quillSchema.kind === 'date') jsonSchema['x-type'] = 'timestamp';
+      },
+    });
+    expect(out.properties.at['x-type']).toBe('timestamp');
+  });
+
   it('throws for unrepresentable schemas', () => {
"""),
  ],
  truth=[W + "api/json-schema.md"])

c.add("new_identifier", "feat(locales): add Italian",
  body="Thanks to @gbianchi for the translation.",
  files=[
    F("packages/locales/src/it.ts", "added", r"""
import { createLocale } from './util';

export const it = createLocale({
  invalid_type: (i) => (i.received === 'undefined' ? 'Obbligatorio' : `Atteso ${i.expected}, ricevuto ${i.received}`),
  invalid_literal: (i) => `Valore letterale non valido, atteso ${JSON.stringify(i.expected)}`,
  too_small: (i) =>
    i.type === 'string'
      ? `Troppo corto: la stringa deve contenere almeno ${i.minimum} caratteri`
      : `Troppo piccolo: il valore deve essere almeno ${i.minimum}`,
  too_big: (i) =>
    i.type === 'string'
      ? `Troppo lungo: la stringa deve contenere al massimo ${i.maximum} caratteri`
      : `Troppo grande: il valore deve essere al massimo ${i.maximum}`,
  invalid_string: (i) => `Formato non valido: ${i.validation}`,
  not_multiple_of: (i) => `Il numero deve essere un multiplo di ${i.multipleOf}`,
  invalid_enum_value: (i) => `Valore non valido. Atteso ${i.options.join(' | ')}`,
  invalid_date: () => 'Data non valida',
  custom: () => 'Input non valido',
});
"""),
    F("packages/locales/src/index.ts", "modified", r"""
@@ 3
 export { en } from './en';
 export { es } from './es';
 export { fr } from './fr';
+export { it } from './it';
 export { ja } from './ja';
 export { ptBR } from './pt-br';
"""),
    F("packages/locales/package.json", "modified", r"""
@@ 18 |   "exports": {
     "./fr": { "types": "./dist/fr.d.ts", "import": "./dist/fr.js", "require": "./dist/fr.cjs" },
+    "./it": { "types": "./dist/it.d.ts", "import": "./dist/it.js", "require": "./dist/it.cjs" },
     "./ja": { "types": "./dist/ja.d.ts", "import": "./dist/ja.js", "require": "./dist/ja.cjs" },
"""),
  ],
  truth=[W + "guides/error-messages-and-i18n.md"])

c.add("new_identifier", "feat(react): add useFieldError hook",
  body="A lighter alternative to `useField` when a component only renders an error message: it subscribes to one path of `errors` and nothing else.",
  files=[
    F("packages/react/src/use-field-error.ts", "added", r"""
import { useSyncExternalStore } from 'react';
import type { Form, FieldPath } from '@quilljs/form';
import { useResolvedForm } from './context';

/**
 * Returns the error message of one field, re-rendering only when it changes.
 */
export function useFieldError<TValues>(name: FieldPath<TValues> | 'root', form?: Form<TValues>): string | undefined {
  const resolved = useResolvedForm(form);
  return useSyncExternalStore(
    (onChange) => resolved.subscribe((_state, changed) => changed.has('errors') && onChange()),
    () => resolved.state.errors[name],
    () => resolved.state.errors[name],
  );
}
"""),
    F("packages/react/src/index.ts", "modified", r"""
@@ 4
 export { useField } from './use-field';
+export { useFieldError } from './use-field-error';
 export { useFieldArray } from './use-field-array';
 export { useWatch } from './use-watch';
"""),
    F("packages/react/test/use-field-error.test.tsx", "added", r"""
import { act, renderHook } from '@testing-library/react';
import { useFieldError } from '../src';
import { wrapperWithForm } from './utils';

it('returns the error of one field', () => {
  const { form, wrapper } = wrapperWithForm({ defaultValues: { email: '' } });
  const { result } = renderHook(() => useFieldError('email'), { wrapper });
  expect(result.current).toBeUndefined();
  act(() => form.setError('email', 'Invalid email'));
  expect(result.current).toBe('Invalid email');
});
"""),
  ],
  truth=[W + "api/react-hooks.md"])

# ---------------------------------------------------------------- rename
c.add("rename", "refactor(core)!: rename invalid_union_discriminator to invalid_discriminator",
  body="The code is used for discriminated unions only, and the long name did not fit in locale tables. The extra `options` field is unchanged.",
  message="refactor(core)!: rename invalid_union_discriminator to invalid_discriminator (#1897)\n\nBREAKING CHANGE: the issue code `invalid_union_discriminator` is now\n`invalid_discriminator`. Update error maps that switch on it.",
  files=[
    F("packages/core/src/errors/issues.ts", "modified", r"""
@@ 9 | export const IssueCode = {
   invalid_enum_value: 'invalid_enum_value',
   invalid_union: 'invalid_union',
-  invalid_union_discriminator: 'invalid_union_discriminator',
+  invalid_discriminator: 'invalid_discriminator',
   unrecognized_keys: 'unrecognized_keys',
@@ 77
-export interface InvalidUnionDiscriminatorIssue extends IssueBase {
-  code: 'invalid_union_discriminator';
+export interface InvalidDiscriminatorIssue extends IssueBase {
+  code: 'invalid_discriminator';
   options: Primitive[];
 }
"""),
    F("packages/core/src/types/discriminated-union.ts", "modified", r"""
@@ 71 |   _parse(input: unknown, ctx: ParseContext) {
     const option = this.lookup.get(input[this.discriminator]);
     if (!option) {
       return addIssue(ctx, {
-        code: 'invalid_union_discriminator',
+        code: 'invalid_discriminator',
         options: [...this.lookup.keys()],
         path: [this.discriminator],
       });
"""),
    F("packages/core/src/errors/default-error-map.ts", "modified", r"""
@@ 88 |     case 'invalid_union':
       return 'Invalid input';
-    case 'invalid_union_discriminator':
+    case 'invalid_discriminator':
       return `Invalid discriminator value. Expected ${joinValues(issue.options)}`;
"""),
    F("packages/locales/src/de.ts", "modified", r"""
@@ 31 | export const de = createLocale({
   invalid_union: () => 'Ungültige Eingabe',
-  invalid_union_discriminator: (i) => `Ungültiger Diskriminatorwert. Erwartet ${i.options.join(' | ')}`,
+  invalid_discriminator: (i) => `Ungültiger Diskriminatorwert. Erwartet ${i.options.join(' | ')}`,
   unrecognized_keys: (i) => `Unbekannte Schlüssel im Objekt: ${i.keys.join(', ')}`,
"""),
    F("packages/core/test/discriminated-union.test.ts", "modified", r"""
@@ 22 | describe('parse', () => {
   it('reports unknown discriminators', () => {
     const { error } = Payment.safeParse({ method: 'cash' });
     expect(error!.issues[0]).toMatchObject({
-      code: 'invalid_union_discriminator',
+      code: 'invalid_discriminator',
       options: ['card', 'iban', 'invoice'],
"""),
  ],
  truth=[W + "reference/issue-codes.md", W + "schemas/unions-and-enums.md"])

c.add("rename", "refactor(form): rename shouldFocusError to focusOnError",
  body="All other boolean options read as plain verbs (`validateOn`, `revalidateOn`). `shouldFocusError` keeps working and logs a deprecation warning in development; it will be removed in 4.0.",
  files=[
    F("packages/form/src/options.ts", "modified", r"""
@@ 18 | export const DEFAULT_OPTIONS = {
   validateOn: 'submit',
   revalidateOn: 'change',
   asyncDebounceMs: 300,
-  shouldFocusError: true,
+  focusOnError: true,
   shouldUnregister: false,
   errorsPerField: 'first',
 } satisfies Partial<FormOptions>;
+
+export function normalizeOptions(options: FormOptions): ResolvedOptions {
+  const { shouldFocusError, ...rest } = options as FormOptions & { shouldFocusError?: boolean };
+  if (shouldFocusError !== undefined) {
+    warnOnce('`shouldFocusError` is deprecated; use `focusOnError`.');
+    rest.focusOnError ??= shouldFocusError;
+  }
+  return { ...DEFAULT_OPTIONS, ...rest };
+}
"""),
    F("packages/form/src/types.ts", "modified", r"""
@@ 31 | export interface FormOptions<S extends Schema = Schema> {
   asyncDebounceMs?: number;
-  /** Focus the first invalid field after a failed submit. @default true */
-  shouldFocusError?: boolean;
+  /** Focus the first invalid field after a failed submit. @default true */
+  focusOnError?: boolean;
+  /** @deprecated Use `focusOnError`. */
+  shouldFocusError?: boolean;
   shouldUnregister?: boolean;
"""),
    F("packages/form/src/submit.ts", "modified", r"""
@@ 44 |   async function run(event?: SubmitEventLike) {
     if (!result.success) {
       form.setErrorsFromIssues(result.error.issues);
-      if (form.options.shouldFocusError) focusFirstError(form);
+      if (form.options.focusOnError) focusFirstError(form);
       await onInvalid?.(form.state.errors, event);
"""),
    F("packages/form/test/submit.test.ts", "modified", r"""
@@ 131 | describe('handleSubmit', () => {
-  it('does not focus with shouldFocusError: false', async () => {
-    const form = createForm({ schema, defaultValues, shouldFocusError: false });
+  it('does not focus with focusOnError: false', async () => {
+    const form = createForm({ schema, defaultValues, focusOnError: false });
     const input = mountInput(form, 'email');
     await form.handleSubmit(noop)();
     expect(document.activeElement).not.toBe(input);
"""),
  ],
  truth=[W + "api/create-form.md", W + "forms/submission.md"])

c.add("rename", "feat(core)!: remove deprecated .deepPartial()",
  body="",
  message="feat(core)!: remove deprecated .deepPartial() (#1901)\n\nBREAKING CHANGE: ObjectSchema#deepPartial() was deprecated in 3.0 and is removed.\nApply .partial() to each nested object instead.",
  files=[
    F("packages/core/src/types/object.ts", "modified", r"""
@@ 302 |   partial(mask?: Mask<Shape>) {
     return new QObject(mapShape(this.shape, mask, (s) => s.optional()), this.unknownKeys);
   }
 
-  /** @deprecated Apply `.partial()` to each nested object. */
-  deepPartial(): QObject<DeepPartialShape<Shape>> {
-    return deepPartialify(this) as never;
-  }
-
   required(mask?: Mask<Shape>) {
"""),
    F("packages/core/src/helpers/deep-partial.ts", "removed", r"""
import { QArray } from '../types/array';
import { QObject } from '../types/object';
import { QOptional } from '../types/optional';
import { QNullable } from '../types/nullable';
import { QTuple } from '../types/tuple';
import type { Schema } from '../schema';

/** Recursively makes object keys optional. Unions are left untouched. */
export function deepPartialify(schema: Schema): Schema {
  if (schema instanceof QObject) {
    const shape: Record<string, Schema> = {};
    for (const [key, value] of Object.entries(schema.shape)) {
      shape[key] = deepPartialify(value).optional();
    }
    return new QObject(shape, schema.unknownKeys);
  }
  if (schema instanceof QArray) return new QArray(deepPartialify(schema.element));
  if (schema instanceof QOptional) return deepPartialify(schema.unwrap()).optional();
  if (schema instanceof QNullable) return deepPartialify(schema.unwrap()).nullable();
  if (schema instanceof QTuple) return new QTuple(schema.items.map(deepPartialify));
  return schema;
}
"""),
    F("packages/core/test/object.test.ts", "modified", r"""
@@ 265 | describe('partial', () => {
   });
 });
-
-describe('deepPartial', () => {
-  it('makes nested keys optional', () => {
-    expect(Customer.deepPartial().parse({ address: {} })).toEqual({ address: {} });
-  });
-});
"""),
  ],
  truth=[W + "schemas/objects.md"])

c.add("rename", "refactor(json-schema): rename $refStrategy to refs",
  body="`$refStrategy` was awkward to type in object literals and looked like a JSON Schema keyword. The old name is still accepted until 4.0.",
  files=[
    F("packages/json-schema/src/options.ts", "modified", r"""
@@ 5 | export interface ToJSONSchemaOptions {
   target?: Target;
   io?: 'input' | 'output';
-  $refStrategy?: 'root' | 'relative' | 'none';
+  /** Where shared and recursive schemas are defined. @default 'root' */
+  refs?: 'root' | 'relative' | 'none';
+  /** @deprecated Use `refs`. */
+  $refStrategy?: 'root' | 'relative' | 'none';
   definitions?: Record<string, Schema>;
"""),
    F("packages/json-schema/src/refs.ts", "modified", r"""
@@ 14 | export function planRefs(root: Schema, options: ResolvedOptions): RefPlan {
-  const strategy = options.$refStrategy;
+  const strategy = options.refs;
   const seen = countUses(root);
   if (strategy === 'none' && seen.recursive.size > 0) {
-    throw new Error('Recursive schemas cannot be converted with $refStrategy: "none"');
+    throw new Error('Recursive schemas cannot be converted with refs: "none"');
   }
"""),
    F("packages/json-schema/src/to-json-schema.ts", "modified", r"""
@@ 21 | function resolveOptions(options: ToJSONSchemaOptions = {}): ResolvedOptions {
   return {
     target: options.target ?? 'draft-2020-12',
     io: options.io ?? 'output',
-    $refStrategy: options.$refStrategy ?? 'root',
+    refs: options.refs ?? options.$refStrategy ?? 'root',
     definitions: options.definitions ?? {},
"""),
    F("packages/json-schema/test/refs.test.ts", "modified", r"""
@@ 58 | describe('refs', () => {
-  it('throws for recursive schemas with $refStrategy none', () => {
-    expect(() => toJSONSchema(Category, { $refStrategy: 'none' })).toThrow(/Recursive schemas/);
+  it('throws for recursive schemas with refs none', () => {
+    expect(() => toJSONSchema(Category, { refs: 'none' })).toThrow(/refs: "none"/);
   });
"""),
  ],
  truth=[W + "api/json-schema.md", W + "guides/json-schema.md", W + "troubleshooting.md"])

# ---------------------------------------------------------------- path_mirror
c.add("path_mirror", "fix(form): accept bracket paths in server error payloads",
  body="Rails, ASP.NET and Spring send `lineItems[0].price`. Normalise `[n]` and `['key']` segments to dot paths before matching fields.",
  files=[
    F("packages/form/src/server-errors.ts", "modified", r"""
@@ 8
+const BRACKET = /\[(?:(\d+)|'([^']*)'|"([^"]*)")\]/g;
+
+/** `items[0].price` and `items['0'].price` -> `items.0.price` */
+export function normalizePath(key: string): string {
+  return key.replace(BRACKET, (_m, index, single, double) => `.${index ?? single ?? double}`).replace(/^\./, '');
+}
+
 export function toErrorEntries(payload: ServerErrorPayload): [string, string[]][] {
   const entries: [string, string[]][] = [];
   if (isFlattened(payload)) {
     if (payload.formErrors.length) entries.push(['root', payload.formErrors]);
     for (const [key, messages] of Object.entries(payload.fieldErrors)) {
-      entries.push([key, toArray(messages)]);
+      entries.push([normalizePath(key), toArray(messages)]);
     }
     return entries;
   }
   for (const [key, messages] of Object.entries(payload)) {
-    entries.push([key, toArray(messages)]);
+    entries.push([normalizePath(key), toArray(messages)]);
   }
   return entries;
"""),
    F("packages/form/test/server-errors.test.ts", "modified", r"""
@@ 51 | describe('toErrorEntries', () => {
+  it('normalises bracket segments', () => {
+    expect(toErrorEntries({ 'lineItems[0].price': 'Too low', "meta['x-id']": ['Bad'] })).toEqual([
+      ['lineItems.0.price', ['Too low']],
+      ['meta.x-id', ['Bad']],
+    ]);
+  });
+
   it('maps formErrors to root', () => {
"""),
  ],
  truth=[W + "forms/server-errors.md"])

c.add("path_mirror", "fix(form): don't validate on change during IME composition",
  body="Japanese and Chinese users saw errors flicker for every intermediate character while composing. Skip change-triggered validation between `compositionstart` and `compositionend`, and validate once composition ends.",
  files=[
    F("packages/form/src/validation-mode.ts", "modified", r"""
@@ 22 | export function createModeHandler(form: FormInternals) {
+  const composing = new Set<string>();
+
   return {
+    compositionStart(name: string) {
+      composing.add(name);
+    },
+    compositionEnd(name: string) {
+      composing.delete(name);
+      if (shouldValidate(form.state, form.options, 'change')) void form.validateField(name);
+    },
     onChange(name: string) {
+      if (composing.has(name)) return;
       if (shouldValidate(form.state, form.options, 'change')) void form.validateField(name);
     },
     onBlur(name: string) {
"""),
    F("packages/form/src/register.ts", "modified", r"""
@@ 40 |   const props = {
     name,
     onChange: (event: ChangeEventLike) => { setFromEvent(name, event); modes.onChange(name); },
     onBlur: () => { markTouched(name); modes.onBlur(name); },
+    onCompositionStart: () => modes.compositionStart(name),
+    onCompositionEnd: () => modes.compositionEnd(name),
     ref: (el: FocusableElement | null) => refs.set(name, el),
   };
"""),
    F("packages/form/test/validation-mode.test.ts", "modified", r"""
@@ 95 | describe("validateOn: 'change'", () => {
+  it('waits for IME composition to end', async () => {
+    const form = createForm({ schema, defaultValues, validateOn: 'change' });
+    const field = form.register('name');
+    field.onCompositionStart();
+    field.onChange(changeEvent('に'));
+    expect(validateSpy).not.toHaveBeenCalled();
+    field.onCompositionEnd();
+    expect(validateSpy).toHaveBeenCalledWith('name');
+  });
+
   it('validates on every change', async () => {
"""),
  ],
  truth=[W + "concepts/validation-modes.md"])

c.add("path_mirror", "fix(core): keep QuillError message readable for large payloads",
  body="A bulk import with 5,000 invalid rows produced a 3 MB `message`, which Sentry truncated and Node printed in full on crash. The message now summarises the first 10 issues, one line each, followed by \"... and N more\". `issues` still holds everything.",
  files=[
    F("packages/core/src/errors/quill-error.ts", "modified", r"""
@@ 12
+const MAX_MESSAGE_ISSUES = 10;
+
 export class QuillError extends Error {
   override name = 'QuillError';
   readonly issues: Issue[];
 
   constructor(issues: Issue[]) {
     super();
     this.issues = issues;
   }
 
   override get message(): string {
-    return JSON.stringify(this.issues, null, 2);
+    const lines = this.issues
+      .slice(0, MAX_MESSAGE_ISSUES)
+      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message} [${i.code}]`);
+    const rest = this.issues.length - MAX_MESSAGE_ISSUES;
+    if (rest > 0) lines.push(`... and ${rest} more`);
+    return lines.join('\n');
   }
"""),
    F("packages/core/test/error.test.ts", "modified", r"""
@@ 21 | describe('QuillError', () => {
-  it('serialises issues in message', () => {
-    expect(JSON.parse(error.message)).toEqual(error.issues);
+  it('summarises at most 10 issues in message', () => {
+    const { error } = q.array(q.number()).safeParse(Array.from({ length: 12 }, () => 'x'));
+    const lines = error!.message.split('\n');
+    expect(lines).toHaveLength(11);
+    expect(lines[0]).toBe('0: Expected number, received string [invalid_type]');
+    expect(lines[10]).toBe('... and 2 more');
   });
"""),
  ],
  truth=[W + "api/quill-error.md"])

c.add("path_mirror", "fix(form): abort pending async checks for unregistered fields",
  body="",
  files=[
    F("packages/form/src/async-validator.ts", "modified", r"""
@@ 48 | export class AsyncValidator {
   private readonly runs = new Map<string, AbortController>();
 
+  /** Cancels the in-flight run of `name`, if any, e.g. when the field unmounts. */
+  cancel(name: string) {
+    this.runs.get(name)?.abort(new DOMException('Field unregistered', 'AbortError'));
+    this.runs.delete(name);
+    this.timers.get(name)?.cancel();
+    this.timers.delete(name);
+  }
+
   schedule(name: string, run: (signal: AbortSignal) => Promise<void>) {
"""),
    F("packages/form/src/create-form.ts", "modified", r"""
@@ 301 |   function unregister(name: string, opts: UnregisterOptions = {}) {
     fields.delete(name);
+    asyncValidator.cancel(name);
     store.update((s) => ({
       ...s,
       values: opts.keepValue ? s.values : unsetIn(s.values, name),
"""),
    F("packages/form/test/async-validation.test.ts", "modified", r"""
@@ 112 | describe('cancellation', () => {
+  it('aborts the check of an unregistered field', async () => {
+    let signal: AbortSignal | undefined;
+    const form = createForm({ schema: slowSchema((s) => (signal = s)), defaultValues, validateOn: 'change' });
+    form.register('username');
+    form.setValue('username', 'ada', { shouldValidate: true });
+    await vi.advanceTimersByTimeAsync(300);
+    form.unregister('username');
+    expect(signal?.aborted).toBe(true);
+  });
+
   it('aborts the previous run', async () => {
"""),
  ],
  truth=[W + "forms/async-validation.md"])

c.write()
