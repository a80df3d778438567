-- GET of the URL's path with a Range of 64 KiB at a 64 KiB-aligned offset picked at random within
-- the first $BENCH_SIZE bytes.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
function init(args)
  local chunk = 65536
  for i = 0, tonumber(os.getenv("BENCH_SIZE")) / chunk - 1 do
    local first = i * chunk
    requests[i + 1] = wrk.format("GET", wrk.path, { ["Range"] = string.format("bytes=%d-%d", first, first + chunk - 1) })
  end
  seed()
end
request = random_request
