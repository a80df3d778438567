-- Plain GET of the URL given on wrk's command line (reads, whole content).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
