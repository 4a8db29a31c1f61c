/**
 * pdf.js's legacy build carries core-js polyfills, and on Node 20 (V8 11) it replaces
 * Array.prototype.push process-wide with a JavaScript version that is many times slower, for a
 * corner case (pushing onto an array with a non-writable length) nothing here relies on. The
 * native method is saved before pdf.js loads — every module that imports pdf.js imports this one
 * first — and put back once pdf.js and its worker are loaded. Should pdf.js have been loaded
 * first anyway, a pristine push is taken from a fresh V8 context.
 */
import { runInNewContext } from 'node:vm';

const isNative = (fn: unknown) => typeof fn === 'function' && Function.prototype.toString.call(fn).includes('[native code]');

const nativePush: typeof Array.prototype.push = isNative(Array.prototype.push)
  ? Array.prototype.push
  : (runInNewContext('Array.prototype.push') as typeof Array.prototype.push);

export function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  }
}
