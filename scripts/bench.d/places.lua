-- wrk script: GET /api/v1/places around a random point near a French city (weighted like the
-- seeded places). PLACES_MODE picks the search: "near" (nearest 20 within 10 km), "open"
-- (open now), "category" (a random family), "text" (a random word of the names).
local mode = os.getenv("PLACES_MODE") or "near"
local cities = {
  {48.8566, 2.3522, 35}, {45.7640, 4.8357, 12}, {43.2965, 5.3698, 12}, {50.6292, 3.0573, 8}, {47.2184, -1.5536, 8},
  {43.6047, 1.4442, 8}, {44.8378, -0.5792, 8}, {48.5734, 7.7521, 5}, {48.1173, -1.6778, 4},
}
local families = {"food", "shelter", "hygiene", "health", "digital", "equipment", "rights", "work", "animals"}
local words = {"accueil", "solidaire", "repas", "douche", "vestiaire", "permanence", "sante", "ecoute", "cafe", "maraude"}
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
  local path = string.format("/api/v1/places?lat=%.5f&lon=%.5f", lat, lon)
  if mode == "open" then
    path = path .. "&openNow=true"
  elseif mode == "category" then
    path = path .. "&category=" .. families[math.random(#families)]
  elseif mode == "text" then
    path = path .. "&q=" .. words[math.random(#words)]
  end
  return wrk.format("GET", path)
end
