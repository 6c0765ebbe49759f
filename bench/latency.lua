-- wrk script: count answers that are not 2xx and print one machine-readable summary line.
--
-- wrk's own error count only sees statuses of 400 and up; a lost session shows as a 302 to the
-- login page, so every status outside 200..299 is counted here. Each wrk thread has its own Lua
-- state: setup() keeps the threads so done() can add their counts up.
-- Output: one line "BENCH {json}" with times in microseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "requests_per_s": %.2f, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "non2xx": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99), non2xx_total,
    errors.connect, errors.read, errors.write, errors.timeout
  ))
end
