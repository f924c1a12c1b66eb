// Stripe's request encoding: application/x-www-form-urlencoded with bracketed
// keys (`items[0][price]=…`, `expand[]=…`, `metadata[k]=…`), decoded into nested
// objects and arrays the way Stripe's API reads them.
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  for (const m of key.slice(first).matchAll(re)) parts.push(m[1] ?? "");
  return parts;
}

/** Decodes a Stripe form body or query string into nested objects. Numeric-index maps become arrays. */
export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {};
  const params = new URLSearchParams(body);
  for (const [rawKey, value] of params) {
    const path = splitKey(rawKey);
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      const part = path[i] ?? "";
      const last = i === path.length - 1;
      if (last) {
        if (part === "") {
          // `expand[]=a&expand[]=b` → the parent holds an array-like map; append.
          const idx = Object.keys(node).length;
          node[String(idx)] = value;
        } else {
          node[part] = value;
        }
      } else {
        const key = part === "" ? String(Object.keys(node).length) : part;
        const next = node[key];
        if (typeof next === "object" && next !== null && !Array.isArray(next)) node = next;
        else {
          const created: FormObject = {};
          node[key] = created;
          node = created;
        }
      }
    }
  }
  return arrayify(root) as FormObject;
}

function arrayify(v: FormValue): FormValue {
  if (typeof v === "string" || Array.isArray(v)) return v;
  const keys = Object.keys(v);
  const converted: FormObject = {};
  for (const k of keys) converted[k] = arrayify(v[k] as FormValue);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => converted[String(k)] as FormValue);
  }
  return converted;
}
