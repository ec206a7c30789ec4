-- Appended to every scenario: prints one machine-readable summary line.
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d bytes=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors, summary.bytes))
end
