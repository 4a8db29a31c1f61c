/**
 * pdf.js's legacy build carries core-js polyfills that change builtins for the whole process:
 *
 * - On Node 20 (V8 11) it replaces Array.prototype.push with a JavaScript version that is many
 *   times slower, for a corner case (pushing onto an array with a non-writable length) nothing here
 *   relies on. The native method is saved before pdf.js loads — every module that imports pdf.js
 *   imports this one first — and put back once pdf.js and its worker are loaded. Should pdf.js
 *   have been loaded first anyway, a pristine push is taken from a fresh V8 context.
 * - Node 20 has no Uint8Array.prototype.toBase64, and core-js's byte-at-a-time version is what
 *   pdf.js encodes every embedded font with (a second per corpus). The plain call is answered by
 *   Node's native base64 encoder; calls with options still go to core-js.
 */
import { Buffer } from 'node:buffer';
import { runInNewContext } from 'node:vm';

const isNative = (fn: unknown) => typeof fn === 'function' && Function.prototype.toString.call(fn).includes('[native code]');

const nativePush: typeof Array.prototype.push = isNative(Array.prototype.push)
  ? Array.prototype.push
  : (runInNewContext('Array.prototype.push') as typeof Array.prototype.push);

type ToBase64 = (this: Uint8Array, options?: object) => string;
const FAST_TO_BASE64 = Symbol('fiscal-extract native toBase64');

// core-js dresses its functions up as native ones, so the test is whether a fresh context has it.
const runtimeHasToBase64 = runInNewContext('typeof Uint8Array.prototype.toBase64') === 'function';

function currentToBase64(): (ToBase64 & { [FAST_TO_BASE64]?: true }) | undefined {
  return (Uint8Array.prototype as unknown as { toBase64?: ToBase64 & { [FAST_TO_BASE64]?: true } }).toBase64;
}

/** True when Uint8Array's toBase64 is the runtime's own or Node's encoder, not core-js's. */
export function toBase64IsNative(): boolean {
  const current = currentToBase64();
  return current !== undefined && (runtimeHasToBase64 || current[FAST_TO_BASE64] === true);
}

function installFastToBase64(): void {
  const current = currentToBase64();
  if (!current || runtimeHasToBase64 || current[FAST_TO_BASE64]) return;
  const fast = function toBase64(this: Uint8Array, options?: object): string {
    if (options !== undefined) return current.call(this, options);
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString('base64');
  } as ToBase64 & { [FAST_TO_BASE64]?: true };
  fast[FAST_TO_BASE64] = true;
  Object.defineProperty(Uint8Array.prototype, 'toBase64', { value: fast, writable: true, configurable: true, enumerable: false });
}

export function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  }
  installFastToBase64();
}
