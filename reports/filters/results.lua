--[[ results.lua: put the numbers of an exercise's run into its report.

The exercise writes results.yaml, with everything under one top-level key
named after the exercise:

    backprop:
      worst_rel_err: 3.1e-09
      epochs: 200

pandoc reads it with --metadata-file, and this filter replaces every
{{backprop.worst_rel_err}} in the document by that value: in ordinary text,
in inline and display math, in titles and captions, in code and in raw
LaTeX. A number in e-notation becomes 3.1 x 10^-9 typeset as math, and so
does a negative number (for a real minus sign).

The build fails, naming the key, the report and the results file:
  - when a placeholder names a key that results.yaml does not have, or a
    group of keys rather than a single value;
  - when a placeholder is still there after the substitution (say, inside a
    link target, where nothing is replaced), or looks malformed ("{{ a.b }}").

pandoc 2.17 walks the document's metadata with the same element functions,
so the filter runs in three passes: capture the metadata; substitute; check.
With -M mlp-quick=true it also puts a note at the top saying that the
numbers come from a shortened run.
]]

-- A placeholder: a dotted path of at least two names, no spaces.
local NAME = "[%a_][%w_%-]*"
local PLACEHOLDER = "{{(" .. NAME .. "%." .. "[%w_%.%-]+)}}"

local meta          -- the document's metadata, results included
local problems = {} -- messages, reported together at the end

local function report_file()
  return (PANDOC_STATE.input_files or {})[1] or "the report"
end

local function results_file()
  if meta and meta["results-file"] then
    return pandoc.utils.stringify(meta["results-file"])
  end
  return "the --metadata-file"
end

local function problem(msg)
  problems[#problems + 1] = msg
end

-- pandoc's YAML reader turns numbers into its own notation (0.002 becomes
-- 2.0e-3, 0.060 becomes 6.0e-2), losing the digits the exercise chose to
-- print. So the text of each value is read from the file itself, with a
-- reader for the only YAML the contract allows: nested "key:" lines and
-- "key: value" lines, indented by spaces. The metadata still decides what
-- exists; this only keeps the value's spelling.
local raw_text

local function read_raw(path)
  local raw, stack = {}, {}
  local f = io.open(path, "r")
  if not f then
    return raw
  end
  for line in f:lines() do
    local indent, key, rest = line:match("^( *)([%w_%-]+):%s*(.-)%s*$")
    if key and not line:match("^%s*#") then
      local depth = #indent
      while #stack > 0 and stack[#stack].depth >= depth do
        table.remove(stack)
      end
      local path = {}
      for _, level in ipairs(stack) do path[#path + 1] = level.key end
      path[#path + 1] = key
      if rest == "" then
        stack[#stack + 1] = { depth = depth, key = key }
      else
        rest = rest:gsub("%s+#.*$", "")
        raw[table.concat(path, ".")] = rest:match('^"(.*)"$') or rest:match("^'(.*)'$") or rest
      end
    end
  end
  f:close()
  return raw
end

-- The value at a dotted path, as a string, or nil after recording why not.
local function lookup(key)
  local node = meta
  for part in key:gmatch("[^.]+") do
    if type(node) ~= "table" or getmetatable(node) ~= nil and
        (getmetatable(node).__name == "Inlines" or getmetatable(node).__name == "Blocks") then
      node = nil
      break
    end
    node = node[part]
  end
  if node == nil then
    problem(string.format("unknown key '%s' in %s: %s has no such value",
      key, report_file(), results_file()))
    return nil
  end
  if raw_text == nil then
    raw_text = meta["results-file"] and read_raw(results_file()) or {}
  end
  local kind = type(node)
  local mt = getmetatable(node)
  local scalar = kind == "string" or kind == "number" or kind == "boolean" or
    (mt and (mt.__name == "Inlines" or mt.__name == "Blocks"))
  if scalar and raw_text[key] then
    return raw_text[key]
  end
  if kind == "string" or kind == "number" or kind == "boolean" then
    return tostring(node)
  end
  if mt and (mt.__name == "Inlines" or mt.__name == "Blocks") then
    return pandoc.utils.stringify(node)
  end
  problem(string.format("key '%s' in %s names a group or a list in %s, not a single value",
    key, report_file(), results_file()))
  return nil
end

-- 3.1e-9 -> "3.1 \times 10^{-9}"; -1.5 -> "-1.5"; anything else -> nil.
local function as_tex_number(s)
  local mantissa, exponent = s:match("^([-+]?%d*%.?%d+)[eE]([-+]?%d+)$")
  if mantissa then
    local e = tonumber(exponent)
    if mantissa == "1" then
      return string.format("10^{%d}", e)
    end
    return string.format("%s \\times 10^{%d}", mantissa, e)
  end
  if s:match("^%-%d*%.?%d+$") then
    return s
  end
  return nil
end

-- The value as it goes into text: a Str, or inline math for the numbers
-- that need it.
local function text_value(key)
  local v = lookup(key)
  if v == nil then
    return pandoc.Str("{{?" .. key .. "?}}")
  end
  local tex = as_tex_number(v)
  if tex then
    return pandoc.Math("InlineMath", tex)
  end
  return pandoc.Str(v)
end

local function tex_value(key)
  local v = lookup(key) or "??"
  return "{" .. (as_tex_number(v) or v) .. "}"
end

local function plain_value(key)
  return lookup(key) or "??"
end

local ENCODED = "%%7[Bb]%%7[Bb](" .. NAME .. "%." .. "[%w_%.%-]+)%%7[Dd]%%7[Dd]"

local function url_subst(s)
  s = s:gsub(PLACEHOLDER, plain_value)
  s = s:gsub(ENCODED, plain_value)
  return s
end

-- Pass 1: keep the metadata.
local capture = {
  Meta = function(m) meta = m end,
}

-- Pass 2: substitute.
local substitute = {
  Str = function(el)
    local text = el.text
    if not text:find("{{", 1, true) then
      return nil
    end
    local out = pandoc.List()
    local pos = 1
    while true do
      local s, e, key = text:find(PLACEHOLDER, pos)
      if not s then break end
      if s > pos then out:insert(pandoc.Str(text:sub(pos, s - 1))) end
      out:insert(text_value(key))
      pos = e + 1
    end
    if pos == 1 then
      return nil
    end
    if pos <= #text then out:insert(pandoc.Str(text:sub(pos))) end
    return out
  end,

  Math = function(el)
    el.text = el.text:gsub(PLACEHOLDER, tex_value)
    return el
  end,

  Code = function(el)
    el.text = el.text:gsub(PLACEHOLDER, plain_value)
    return el
  end,

  CodeBlock = function(el)
    el.text = el.text:gsub(PLACEHOLDER, plain_value)
    return el
  end,

  -- In a link target or an image source the markdown reader has written
  -- the braces as %7B and %7D.
  Link = function(el)
    el.target = url_subst(el.target)
    return el
  end,

  Image = function(el)
    el.src = url_subst(el.src)
    return el
  end,

  RawInline = function(el)
    local f = (el.format == "latex" or el.format == "tex") and tex_value or plain_value
    el.text = el.text:gsub(PLACEHOLDER, f)
    return el
  end,

  RawBlock = function(el)
    local f = (el.format == "latex" or el.format == "tex") and tex_value or plain_value
    el.text = el.text:gsub(PLACEHOLDER, f)
    return el
  end,
}

-- Pass 3: nothing may be left over; then fail with every problem at once.
local function leftover(key)
  problem(string.format("placeholder {{%s}} left unreplaced in %s (placeholders are "
    .. "replaced in text, math, code, link targets and raw LaTeX only)", key, report_file()))
end

local check = {
  Str = function(el)
    -- "{{" followed by nothing or by a name: a placeholder broken by spaces
    -- or with a single name. Prose has no other use for "{{".
    if el.text:find("{{$") or el.text:find("{{%s*[%a_]") then
      problem(string.format("malformed placeholder near '%s' in %s "
        .. "(write {{namespace.key}}, no spaces)", el.text, report_file()))
    end
  end,

  Pandoc = function(doc)
    local native = pandoc.write(doc, "native")
    for key in native:gmatch(PLACEHOLDER) do
      leftover(key)
    end
    for key in native:gmatch(ENCODED) do
      leftover(key)
    end
    if #problems > 0 then
      for _, msg in ipairs(problems) do
        io.stderr:write("results.lua: ", msg, "\n")
      end
      error(string.format("%d problem(s) with the numbers of %s", #problems, report_file()))
    end
    if doc.meta["mlp-quick"] then
      local note = pandoc.read("*Quick run (`MLP_QUICK=1`): fewer epochs and data "
        .. "points than the full report, so the numbers and curves below are "
        .. "only indicative.*", "markdown").blocks
      doc.blocks:insert(1, note[1])
      return doc
    end
  end,
}

return { capture, substitute, check }
