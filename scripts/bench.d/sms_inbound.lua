-- wrk script: POST /sms/android/webhook with the signed webhooks of scripts/bench.d/sms_inbound.py,
-- each one once. Thread n sends the lines of "$SMS_REQUESTS-<n>.txt" in order
-- (timestamp, signature and body, tab-separated).
--
-- A thread that runs out of lines does not start again from the top: the server drops a
-- repeated messageId without answering, which is cheaper and would inflate the figure. It
-- sends an unsigned request instead (answered 403, so counted as non-2xx) and done() prints
-- SMS_REQUESTS_EXHAUSTED, which makes scripts/bench fail.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

local prepared = {}
local cursor = 1
exhausted = 0

function init(args)
  local path = string.format("%s-%d.txt", os.getenv("SMS_REQUESTS"), tid)
  for line in io.lines(path) do
    local timestamp, signature, body = line:match("^(%d+)\t(%x+)\t(.*)$")
    if body then
      prepared[#prepared + 1] = wrk.format("POST", "/sms/android/webhook", {
        ["Content-Type"] = "application/json",
        ["X-Timestamp"] = timestamp,
        ["X-Signature"] = signature,
      }, body)
    end
  end
  if #prepared == 0 then error("no requests in " .. path) end
end

function request()
  local next = prepared[cursor]
  if next then
    prepared[cursor] = nil
    cursor = cursor + 1
    return next
  end
  exhausted = exhausted + 1
  return wrk.format("POST", "/sms/android/webhook", { ["Content-Type"] = "application/json" }, "{}")
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local over = thread:get("exhausted") or 0
    if over > 0 then
      io.write(string.format("SMS_REQUESTS_EXHAUSTED: thread %d ran out of signed webhooks %d times\n", thread:get("tid"), over))
    end
  end
end
