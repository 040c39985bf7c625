-- wrk: each request a path picked at random from the file named by $PATHS, one per line;
-- at the end, the latency median and 95th percentile for bench/load.py to read.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  paths[#paths + 1] = line
end

-- Each thread runs this script in a state of its own; unseeded, every thread would draw the
-- same sequence of paths. setup() numbers the threads, init() seeds each by its number and
-- the clock, so no two threads (nor two runs) ask for the same URLs in the same order.
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function(args)
  math.randomseed(os.time() * 1000 + thread_number * 7919)
  math.random(); math.random()  -- the first draws after seeding vary little
end

request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  io.write(string.format("p50_us=%d\np95_us=%d\n", latency:percentile(50), latency:percentile(95)))
end
