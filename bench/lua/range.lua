-- GET of $BENCH_PATH with a Range of 64 KiB at a 64 KiB-aligned offset picked at random within
-- the first $BENCH_SIZE bytes.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local requests = {}
function init(args)
  local chunk = 65536
  local size = tonumber(os.getenv("BENCH_SIZE"))
  for i = 0, size / chunk - 1 do
    local first = i * chunk
    requests[i + 1] = wrk.format("GET", os.getenv("BENCH_PATH"),
      { ["Range"] = string.format("bytes=%d-%d", first, first + chunk - 1) })
  end
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end
function request()
  return requests[math.random(#requests)]
end
