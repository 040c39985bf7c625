-- wrk: each request a path picked at random from the file named by $PATHS, one per line;
-- at the end, the latency median and 95th percentile for bench/load.py to read.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  io.write(string.format("p50_us=%d\np95_us=%d\n", latency:percentile(50), latency:percentile(95)))
end
