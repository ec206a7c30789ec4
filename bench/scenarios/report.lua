-- Appended to every scenario: prints one machine-readable summary line.
--
-- With BENCH_EXPECT set, every response is checked, not only counted: a status outside 2xx, or a
-- body without the expected content, is an error. wrk itself counts only statuses above 399, and a
-- fast wrong answer (an empty list, an error page with 200) would otherwise look like a good one.
-- BENCH_EXPECT is "text=count;text=count": each text must occur exactly count times in the body
-- (count 0: at least once); "" checks the status only. Not set for the file scenarios, whose
-- megabyte bodies would all be copied into Lua.
local expect_spec = os.getenv("BENCH_EXPECT")
local threads = {}

setup = function(thread)
  threads[#threads + 1] = thread
end

if expect_spec ~= nil then
  local expects = {}
  for text, count in string.gmatch(expect_spec, "([^;=]+)=(%d+)") do
    expects[#expects + 1] = { text = text, count = tonumber(count) }
  end
  bad_status = 0
  bad_body = 0
  local function occurrences(body, text)
    local n, from = 0, 1
    while true do
      local s, e = string.find(body, text, from, true)
      if s == nil then return n end
      n, from = n + 1, e + 1
    end
  end
  response = function(status, headers, body)
    if status < 200 or status > 299 then
      bad_status = bad_status + 1
      return
    end
    for _, x in ipairs(expects) do
      local n = occurrences(body, x.text)
      if (x.count == 0 and n == 0) or (x.count > 0 and n ~= x.count) then
        bad_body = bad_body + 1
        return
      end
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local bad_status, bad_body = 0, 0
  for _, t in ipairs(threads) do
    bad_status = bad_status + (t:get("bad_status") or 0)
    bad_body = bad_body + (t:get("bad_body") or 0)
  end
  -- with the check on, statuses above 399 are in bad_status already
  local status = expect_spec ~= nil and bad_status or e.status
  local errors = status + bad_body + e.connect + e.read + e.write + e.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d bytes=%d non2xx=%d bad_body=%d socket=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors, summary.bytes,
    status, bad_body, e.connect + e.read + e.write + e.timeout))
end
