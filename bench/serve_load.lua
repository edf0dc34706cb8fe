-- SPDX-License-Identifier: Apache-2.0
-- wrk script for bench/serve_load.sh: POSTs the assessments named after `--` to
-- /api/v1/evaluate?methodology=ECEI, rotating over them, and counts the statuses.
--
--   wrk -t2 -c200 -d30s --latency -s bench/serve_load.lua http://127.0.0.1:PORT -- FILE...

local requests = {}
local next_request = 1
statuses = {}  -- global: done() reads it from each thread
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

function init(args)
  local path = "/api/v1/evaluate?methodology=ECEI"
  local headers = { ["Content-Type"] = "application/json" }
  for _, name in ipairs(args) do
    local f = assert(io.open(name, "rb"))
    local body = f:read("*a")
    f:close()
    table.insert(requests, wrk.format("POST", path, headers, body))
  end
  assert(#requests > 0, "give the assessment files after --")
  -- threads start at different files, so that both do not send the same one at once
  next_request = ((thread_number or 1) - 1) * 7 % #requests + 1
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format("%d:%d", status, n))
  end
  table.sort(parts)
  local e = summary.errors
  -- one line for bench/serve_load.sh to read
  io.write(string.format("serve_load: requests %d seconds %.3f statuses %s p50_us %d p90_us %d p99_us %d "
                         .. "max_us %d errors_connect %d errors_read %d errors_write %d errors_status %d "
                         .. "errors_timeout %d\n",
                         summary.requests, summary.duration / 1e6, table.concat(parts, ","),
                         latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
                         e.connect, e.read, e.write, e.status, e.timeout))
end
