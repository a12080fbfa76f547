-- wrk script: GET /api/v1/feed around a random point near a French city (weighted like the
-- seeded data), as a random one of the seeded members (tokens in $TOKENS_FILE).
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end

local cities = {
  {48.8566, 2.3522, 35}, {45.7640, 4.8357, 12}, {43.2965, 5.3698, 12}, {50.6292, 3.0573, 8}, {47.2184, -1.5536, 8},
  {43.6047, 1.4442, 8}, {44.8378, -0.5792, 8}, {48.5734, 7.7521, 5}, {48.1173, -1.6778, 4},
}
local total = 0
for _, city in ipairs(cities) do total = total + city[3] end

math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
  local pick = math.random() * total
  local city = cities[1]
  for _, c in ipairs(cities) do
    if pick < c[3] then city = c; break end
    pick = pick - c[3]
  end
  local lat = city[1] + (math.random() - 0.5) * 0.1
  local lon = city[2] + (math.random() - 0.5) * 0.14
  local path = string.format("/api/v1/feed?lat=%.5f&lon=%.5f", lat, lon)
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end
