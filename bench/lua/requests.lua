-- One request a line of a file (method, path, body; tab-separated), picked at random;
-- args: the file, then an optional Cookie header. done() prints the figures as JSON.
local requests = {}
local cookie = nil

function init(args)
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
    if method then
      table.insert(requests, { method, path, body })
    end
  end
  if args[2] ~= nil and args[2] ~= "" then
    cookie = args[2]
  end
  local address = tonumber(tostring({}):match("0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + address % 100000)
end

function request()
  local r = requests[math.random(#requests)]
  local headers = {}
  if cookie then
    headers["Cookie"] = cookie
  end
  local body = nil
  if r[1] == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = r[3]
  end
  return wrk.format(r[1], r[2], headers, body)
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
