-- Shared by every wrk script of bench/run.sh.

-- done(): writes one tab-separated line to $WRK_OUT: requests, duration_us, errors
-- connect/read/write/status/timeout, p50/p99/p99.9 latency in microseconds.
function done(summary, latency, requests)
  local out = os.getenv("WRK_OUT")
  if out == nil then return end
  local f = io.open(out, "w")
  local e = summary.errors
  f:write(string.format("%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
  f:close()
end

-- Scripts that fill `requests` (in init) send one of them, picked at random, per call.
requests = {}
function seed()
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end
function random_request()
  return requests[math.random(#requests)]
end
