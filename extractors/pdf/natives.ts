/**
 * pdf.js's legacy build carries core-js polyfills, and on Node 20 (V8 11) it replaces
 * Array.prototype.push process-wide with a JavaScript version that is many times slower, for a
 * corner case (pushing onto an array with a non-writable length) nothing here relies on. The
 * native method is saved before pdf.js loads (this module is imported first) and put back once
 * pdf.js and its worker are loaded.
 */
const nativePush = Array.prototype.push;

export function restoreNativeBuiltins(): void {
  if (Array.prototype.push !== nativePush) {
    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
  }
}
