-- wrk script for the realisation POST: wrk -t1 -c16 -d5s -s bench/post.lua URL -- SLOTS-FILE ACCEPT-ENCODING RUN-ID
--
-- Every answer must be a real save. A save needs the session's CSRF token and the version the
-- realisation is stored at, which each save increments; a stale version is refused (422). So the
-- script posts to several (indicator, review) slots, one request in flight per slot at most:
-- a slot is taken when a request is sent, and given back with version + 1 when its 302 arrives;
-- the redirect names the indicator (".../pemantauan#iki-<id>"), which identifies the slot. Each
-- post changes the note (unique per run and request), so each save changes the row: a save that
-- changes nothing would not bump the version. With more slots than connections a free
-- slot always exists. bench/pages.py compares the 302s counted here with the growth of the stored
-- versions and of the audit trail.
--
-- SLOTS-FILE: one slot per line, tab-separated: indicator id, path, cookie, csrf token, version, value.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  slots, free, by_key = {}, {}, {}
  for line in io.lines(args[1]) do
    local key, path, cookie, token, version, value =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    if key then
      table.insert(slots, {key = key, path = path, cookie = cookie, token = token,
                           version = tonumber(version), value = value, busy = false})
      by_key[key] = #slots
      table.insert(free, #slots)
    end
  end
  encoding = args[2]
  run = args[3] or "0"  -- notes never repeat across runs, else a save could change nothing
  counter, saved, unmatched, starved = 0, 0, 0, 0
  statuses = {}
end

function request()
  local i = table.remove(free, 1)
  if i == nil then  -- every slot in flight (answers that were not saves): reuse the first one
    starved = starved + 1
    i = 1
  end
  local slot = slots[i]
  slot.busy = true
  counter = counter + 1
  local body = "csrf_token=" .. slot.token .. "&version=" .. slot.version .. "&value=" .. slot.value ..
               "&note=bench+save+" .. run .. "-" .. counter .. "&link="
  local headers = {["Cookie"] = slot.cookie, ["Content-Type"] = "application/x-www-form-urlencoded"}
  if encoding and encoding ~= "" then headers["Accept-Encoding"] = encoding end
  return wrk.format("POST", slot.path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 302 then return end
  local location = headers["Location"] or headers["location"] or ""
  local i = by_key[location:match("#iki%-(%d+)") or ""]
  if i and slots[i].busy then
    slots[i].busy = false
    slots[i].version = slots[i].version + 1
    table.insert(free, i)
    saved = saved + 1
  else
    unmatched = unmatched + 1
  end
end

function done(summary, latency, requests)
  local merged, totals = {}, {counter = 0, saved = 0, unmatched = 0, starved = 0}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + count
    end
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
  end
  local parts = {}
  for code, count in pairs(merged) do
    table.insert(parts, string.format('"%d": %d', code, count))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "mean_us": %.1f, "p50_us": %d, "p99_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "statuses": {%s}, ' ..
    '"sent": %d, "saved": %d, "unmatched": %d, "starved": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency:percentile(50),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout, table.concat(parts, ", "),
    totals.counter, totals.saved, totals.unmatched, totals.starved))
end
