/**
 * What a store hands back is a copy, as a serialised store's would be: JSON round trip (so
 * `undefined` fields vanish exactly as they do in Redis).
 */
export function copyValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
