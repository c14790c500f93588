-- wrk script: request the paths listed (one a line) in the file named after `--`, in turn,
-- and print one machine-readable BENCH line at the end for tests/benchmarks/run.py.
--
--   wrk -t2 -c8 -d15s --latency -s cycle.lua http://127.0.0.1:8000 -- paths.txt

local threads = {}

function setup(thread)
  -- Each thread starts at a different place in the list, so the mix is even from the start.
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  if #paths == 0 then
    error("no paths in " .. args[1])
  end
  counter = offset or 0
end

function request()
  local path = paths[(counter % #paths) + 1]
  counter = counter + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f "
      .. "connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout
  ))
end
