-- wrk script for a flood of public survey answers:
--   wrk -t1 -c16 -d120s -s bench/survey_post.lua URL -- COOKIE TOKEN [DEVICES-FILE]
-- Every request is a complete, valid answer (the session's CSRF token, nine answers, a comment). Without
-- DEVICES-FILE it carries no device cookie (a script that drops cookies: one device per address); with it,
-- each request carries the next of the file's signed device cookies (one per line), as if thousands of
-- phones answered. Counts the answers per status and prints one line "BENCH {json}" for bench/flood.py.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Cookie"] = args[1]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = "csrf_token=" .. args[2] .. "&u1=3&u2=3&u3=2&u4=4&u5=3&u6=3&u7=4&u8=2&u9=3" ..
             "&age_group=&sex=&education=&occupation=&comment=bench+flood"
  session = args[1]
  devices, next_device = {}, 0
  if args[3] and args[3] ~= "" then
    for line in io.lines(args[3]) do table.insert(devices, line) end
  end
  statuses = {}
end

function request()
  if #devices == 0 then return wrk.format() end
  next_device = next_device % #devices + 1
  return wrk.format(nil, nil, {["Cookie"] = session .. "; ikm_perangkat=" .. devices[next_device],
                               ["Content-Type"] = "application/x-www-form-urlencoded"})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function statuses_json()
  local merged = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(merged) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "mean_us": %.1f, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "statuses": %s}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency:percentile(50),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout, statuses_json()))
end
