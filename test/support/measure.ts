/**
 * Time and peak memory of a reliability suite, printed when it ends: the
 * figures docs/reliability.md reports. Peak memory is the test process's
 * maximum resident set, which holds the local stack and its function
 * environments (worker threads) as well; Java's DynamoDB Local is apart.
 */
export function measureSuite(name: string): { report(): void } {
  const started = performance.now();
  return {
    report() {
      const seconds = (performance.now() - started) / 1000;
      const peakMb = process.resourceUsage().maxRSS / 1024;
      console.log(`${name}: ${seconds.toFixed(1)} s, peak memory ${Math.round(peakMb)} MB`);
    },
  };
}
