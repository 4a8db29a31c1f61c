// Preloaded into a benchmarked process: reports its peak RSS (all threads) on stderr as it exits.
process.on('exit', () => require('node:fs').writeSync(2, `\nbench-maxrss-kb ${process.resourceUsage().maxRSS}\n`));
