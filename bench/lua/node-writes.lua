-- NodeService.TrackContentServed over HTTP/JSON, each call for a wallet picked at random among
-- $BENCH_WALLETS (0x000…0 to 0x…(n-1), the wallets GrpcLoad's track-content uses too).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args)
  local n = tonumber(os.getenv("BENCH_WALLETS") or "10000")
  local headers = { ["Content-Type"] = "application/json" }
  local body = '{"bytes":"1048576","tasksCompleted":"1"}'
  for i = 0, n - 1 do
    requests[i + 1] = wrk.format("POST", string.format("/v1/nodes/0x%040x:trackContentServed", i), headers, body)
  end
  seed()
end
request = random_request
