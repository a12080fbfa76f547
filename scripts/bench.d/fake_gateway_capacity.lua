-- wrk script: what the fake Android gateway (fake_android_gateway.py) answers per second on
-- its own, with the server's request (each with its own id: it refuses a known one).
-- $GATEWAY_AUTH is the Basic credential, base64.
local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
  thread:set("tid", #threads)
end

local sent = 0
function request()
  sent = sent + 1
  local body = string.format('{"id":"capacity-%d-%d","textMessage":{"text":"Votre demande est publiée. Répondez AIDE pour le menu."},' ..
    '"phoneNumbers":["+33612345678"],"withDeliveryReport":true}', tid, sent)
  return wrk.format("POST", "/message", {
    ["Content-Type"] = "application/json; charset=utf-8",
    ["Authorization"] = "Basic " .. os.getenv("GATEWAY_AUTH"),
  }, body)
end
