-- wrk script for a flood of public survey answers:
--   wrk -t1 -c16 -d120s -s bench/survey_post.lua URL -- COOKIE TOKEN [DEVICES-FILE] [COUNTS-FILE]
-- Every request is a complete, valid answer (the session's CSRF token, nine answers, a comment). Without
-- DEVICES-FILE it carries no device cookie (a script that drops cookies: one device per address); with it,
-- each request carries the next of the file's signed device cookies (one per line), as if thousands of
-- phones answered. Counts the answers per status and prints one line "BENCH {json}" for bench/flood.py; with
-- COUNTS-FILE (one thread only) it also keeps the counts so far there, every 100 answers, since bench/flood.py
-- pauses and stops this wrk rather than letting it end.

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
  counts_file, answered = args[4], 0
  if counts_file == "" then counts_file = nil end
end

function request()
  if #devices == 0 then return wrk.format() end
  next_device = next_device % #devices + 1
  return wrk.format(nil, nil, {["Cookie"] = session .. "; ikm_perangkat=" .. devices[next_device],
                               ["Content-Type"] = "application/x-www-form-urlencoded"})
end

function json_of(counts)
  local parts = {}
  for code, count in pairs(counts) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answered = answered + 1
  if counts_file and answered % 100 == 0 then
    local f = io.open(counts_file, "w")
    f:write(json_of(statuses))
    f:close()
  end
end

local function statuses_json()
  local merged = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + count
    end
  end
  return json_of(merged)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "mean_us": %.1f, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "statuses": %s}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency:percentile(50),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout, statuses_json()))
end
