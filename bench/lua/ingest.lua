-- AnalyticsService.IngestEvents over HTTP/JSON: batches of $BENCH_BATCH events (default 100), 64
-- different batches, wallets picked at random among 10 000. 429 answers (queue full) are counted by wrk
-- as non-2xx.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args)
  local batch = tonumber(os.getenv("BENCH_BATCH") or "100")
  local names = { "stream.start", "stream.stop", "asset.download", "app.open" }
  local headers = { ["Content-Type"] = "application/json" }
  seed()
  for b = 1, 64 do
    local events = {}
    for e = 1, batch do
      events[e] = string.format('{"name":"%s","walletAddress":"0x%040x","streamId":"stream-%d",'
        .. '"appId":"bench","properties":{"quality":"720p","player":"bench"}}',
        names[math.random(#names)], math.random(0, 9999), math.random(1, 500))
    end
    requests[b] = wrk.format("POST", "/v1/events:ingest", headers, '{"events":[' .. table.concat(events, ",") .. ']}')
  end
end
request = random_request
