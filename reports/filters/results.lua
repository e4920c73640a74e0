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

Every chapter of the course (COURSE.md, "What every chapter has") also gets:
  - its question and this run's answer at the top, from the report's YAML
    block (question:, answer: with placeholders, seeds: "B1, D4"), with the
    course material the seed letters stand for;
  - the table of the claims its run checked, where the report has an empty
    div `::: claims` / `:::`. A report whose results have claims but no such
    div fails the build. (-M course-index=true turns these off: the index
    page has no claims of its own.)
  - at its end, the list of mlp.h functions its exercise uses, read from the
    exercise's opening comment ("mlp.h functions: mlp_rng_seed, ...").

Links into the book (make book, build/book/mlp.html): in HTML, every code
span that names a public function of mlp.h (one declared MLPDEF in mlp.h),
`mlp_backward` or `mlp_backward()`, links to that function in the book, in
the reports, in their lists of functions and in the index alike. The PDF
keeps plain code spans. A report needs nothing for this: write the name as
code.
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
  local list_depth -- inside a list (the claims): its items are not single values
  for line in f:lines() do
    local item_indent = line:match("^( *)%- ")
    local indent, key, rest = line:match("^( *)([%w_%-]+):%s*(.-)%s*$")
    if item_indent then
      list_depth = list_depth or #item_indent
      key = nil
    elseif list_depth and key and #indent > list_depth then
      key = nil
    else
      list_depth = nil
    end
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


-- ---- the chapter's frame: the question at the top, the claims table -------

local function meta_inlines(v)
  if v == nil then return pandoc.List() end
  local mt = getmetatable(v)
  if mt and mt.__name == "Inlines" then return v end
  if mt and mt.__name == "Blocks" then return pandoc.utils.blocks_to_inlines(v) end
  return pandoc.List({ pandoc.Str(pandoc.utils.stringify(v)) })
end

-- "< 1e-06" -> "<", 10^{-6} as math; "in [2.5e-3, 4]" likewise, word by word.
local function cell_inlines(s)
  local out = pandoc.List()
  local first = true
  for word in s:gmatch("%S+") do
    if not first then out:insert(pandoc.Space()) end
    first = false
    local pre, num, post = word:match("^([^%d%-%+%.]*)([-+]?%d*%.?%d+[eE][-+]?%d+)(.*)$")
    if num then
      if pre ~= "" then out:insert(pandoc.Str(pre)) end
      out:insert(pandoc.Math("InlineMath", as_tex_number(num)))
      if post ~= "" then out:insert(pandoc.Str(post)) end
    elseif word:match("^%-%d*%.?%d+$") then
      out:insert(pandoc.Math("InlineMath", word))
    else
      out:insert(pandoc.Str(word))
    end
  end
  return out
end

-- The claims of the run, read from the results file itself: pandoc would
-- parse a bound such as "> 0.01" as markdown (a block quote). course.h
-- writes them as a list of single-quoted strings under NS.claims:
--     - id: hand_vs_fd
--       text: 'Hand-written $dW_1$ agrees ...'
--       value: '3.26e-10'
--       bound: '< 1e-06'
--       result: 'ok'
local function read_claims(path)
  local f = io.open(path, "r")
  if not f then return nil end
  local claims, in_claims, cur = nil, false, nil
  for line in f:lines() do
    if line:match("^  claims:%s*$") then
      claims, in_claims = {}, true
    elseif in_claims then
      local id = line:match("^    %- id:%s*(.-)%s*$")
      local key, val = line:match("^      (%a+):%s*'(.*)'%s*$")
      if id then
        cur = { id = id }
        claims[#claims + 1] = cur
      elseif key and cur then
        cur[key] = val:gsub("''", "'")
      elseif not line:match("^%s*$") then
        in_claims = false
      end
    end
  end
  f:close()
  return claims
end

local claims_shown = false
local function claims_table()
  local claims = read_claims(results_file())
  if claims == nil then
    problem(string.format("%s has a claims div, but %s has no claims list", report_file(), results_file()))
    return pandoc.Para({ pandoc.Str("??") })
  end
  claims_shown = true
  local rows = {}
  for _, c in ipairs(claims) do
    local text = pandoc.utils.blocks_to_inlines(pandoc.read(c.text or "", "markdown").blocks)
    text:insert(pandoc.Space())
    text:insert(pandoc.Str("("))
    text:insert(pandoc.Code(c.id))
    text:insert(pandoc.Str(")"))
    local result = c.result or "?"
    rows[#rows + 1] = {
      { pandoc.Plain(text) },
      { pandoc.Plain(cell_inlines(c.value or "?")) },
      { pandoc.Plain(cell_inlines(c.bound or "?")) },
      { pandoc.Plain(result == "FAILED" and { pandoc.Strong({ pandoc.Str("FAILED") }) } or cell_inlines(result)) },
    }
  end
  local simple = pandoc.SimpleTable(
    pandoc.utils.blocks_to_inlines(pandoc.read("The claims this run checked: the value it measured, "
      .. "the bound it had to meet, and whether it did.", "markdown").blocks),
    { pandoc.AlignLeft, pandoc.AlignRight, pandoc.AlignLeft, pandoc.AlignLeft },
    { 0.56, 0.15, 0.17, 0.12 },
    { { pandoc.Plain({ pandoc.Str("Claim") }) }, { pandoc.Plain({ pandoc.Str("Measured") }) },
      { pandoc.Plain({ pandoc.Str("Bound") }) }, { pandoc.Plain({ pandoc.Str("Result") }) } },
    rows)
  return pandoc.utils.from_simple_table(simple)
end

-- The question of the chapter and the answer of this run, at the top.
local SEED_NAMES = {
  A = "the practical session on simplicity bias",
  B = "the exercise sheet on optimization and generalization",
  C = "the student report on MLPs",
  D = "the lecture slides",
  E = "the student report introducing neural networks",
}

local function question_box(m)
  if m.question == nil then return nil end
  local blocks = pandoc.List()
  local q = pandoc.List({ pandoc.Strong({ pandoc.Str("Question.") }), pandoc.Space() })
  q:extend(meta_inlines(m.question))
  blocks:insert(pandoc.Para(q))
  if m.answer ~= nil then
    local a = pandoc.List({ pandoc.Strong({ pandoc.Str("This"), pandoc.Space(), pandoc.Str("run's"),
      pandoc.Space(), pandoc.Str("answer.") }), pandoc.Space() })
    a:extend(meta_inlines(m.answer))
    blocks:insert(pandoc.Para(a))
  end
  if m.seeds ~= nil then
    local s = pandoc.utils.stringify(m.seeds)
    local names, seen = {}, {}
    for letter in s:gmatch("(%u)%d*") do
      if SEED_NAMES[letter] and not seen[letter] then
        seen[letter] = true
        names[#names + 1] = letter .. ": " .. SEED_NAMES[letter]
      end
    end
    local line = pandoc.List({ pandoc.Emph({ pandoc.Str("Course"), pandoc.Space(), pandoc.Str("material:") }),
      pandoc.Space(), pandoc.Str(s) })
    if #names > 0 then
      line:insert(pandoc.Space())
      line:insert(pandoc.Str("(" .. table.concat(names, "; ") .. ")."))
    end
    blocks:insert(pandoc.Para(line))
  end
  return pandoc.BlockQuote(blocks)
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

  -- ::: claims ::: becomes the table of the run's claims.
  Div = function(el)
    if el.classes:includes("claims") then
      return claims_table()
    end
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
    if not doc.meta["course-index"] and not claims_shown then
      if read_claims(results_file()) then
        problem(string.format("%s does not show its claims: put a '::: claims' div (an empty one: "
          .. "'::: claims' and ':::' on two lines) where the table should go", report_file()))
      end
    end
    local box = question_box(doc.meta)
    if box then
      doc.blocks:insert(1, box)
    end
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
    end
    return doc
  end,
}

-- ---- the book: links to mlp.h's functions, and the chapter's list of them ----

-- Reports and the index are in BUILD/report (or report-quick), the book in
-- BUILD/book: the same relative link works from all of them.
local BOOK = "../book/mlp.html"
local html = FORMAT:match("html") ~= nil

-- The public functions of mlp.h: every name declared MLPDEF.
local public
local function public_functions()
  if public then return public end
  public = {}
  local f = io.open("mlp.h", "r")
  if f then
    for line in f:lines() do
      local name = line:match("^MLPDEF [^(]-([%a_][%w_]*)%(")
      if name then public[name] = true end
    end
    f:close()
  end
  return public
end

-- "mlp_backward" or "mlp_backward()" -> "mlp_backward", if it is public.
local function public_name(text)
  local name = text:match("^(mlp_[%w_]+)$") or text:match("^(mlp_[%w_]+)%(%)$")
  if name and public_functions()[name] then return name end
  return nil
end

-- The names after "mlp.h functions:" in the opening comment of the exercise
-- of this report (exercises/NN_topic.c for reports/NN_topic.md).
local function exercise_functions()
  local md = report_file()
  local name = md:match("([^/]+)%.md$")
  if not name then return {} end
  local f = io.open("exercises/" .. name .. ".c", "r")
  if not f then return {} end
  local text, on = {}, false
  for line in f:lines() do
    if line:match("mlp%.h functions:") then on = true; line = line:gsub(".*mlp%.h functions:", "") end
    if on then
      if line:match("^%s*$") or line:match("%*/") then
        text[#text + 1] = line:gsub("%*/.*", "")
        break
      end
      text[#text + 1] = line
    end
    if line:match("%*/") and not on then break end
  end
  f:close()
  local names = {}
  for n in table.concat(text, " "):gmatch("mlp_[%w_]+") do names[#names + 1] = n end
  return names
end

local function function_list()
  local names = exercise_functions()
  if #names == 0 then return {} end
  local inl = pandoc.List()
  for k, n in ipairs(names) do
    if k > 1 then
      inl:insert(pandoc.Str(","))
      inl:insert(pandoc.Space())
    end
    inl:insert(pandoc.Code(n))
  end
  inl:insert(pandoc.Str("."))
  local intro = pandoc.List({ pandoc.Str("Each"), pandoc.Space(), pandoc.Str("is"), pandoc.Space(),
    pandoc.Str("explained"), pandoc.Space(), pandoc.Str("where"), pandoc.Space(), pandoc.Str("mlp.h"),
    pandoc.Space(), pandoc.Str("defines"), pandoc.Space(), pandoc.Str("it,"), pandoc.Space(), pandoc.Str("in"),
    pandoc.Space() })
  if html then
    intro:insert(pandoc.Link({ pandoc.Str("mlp.h"), pandoc.Space(), pandoc.Str("as"), pandoc.Space(),
      pandoc.Str("a"), pandoc.Space(), pandoc.Str("book") }, BOOK))
  else
    intro:extend({ pandoc.Str("the"), pandoc.Space(), pandoc.Str("book"), pandoc.Space(), pandoc.Str("of"),
      pandoc.Space(), pandoc.Str("mlp.h"), pandoc.Space(), pandoc.Str("("), pandoc.Code("make book"),
      pandoc.Str(")") })
  end
  intro:insert(pandoc.Str("."))
  return { pandoc.Header(1, { pandoc.Str("The"), pandoc.Space(), pandoc.Str("mlp.h"), pandoc.Space(),
      pandoc.Str("functions"), pandoc.Space(), pandoc.Str("it"), pandoc.Space(), pandoc.Str("uses") },
      pandoc.Attr("mlp-functions", { "unnumbered" })),
    pandoc.Para(inl), pandoc.Para(intro) }
end

-- Pass 4: the list of functions at the end of a chapter's report.
local add_list = {
  Pandoc = function(doc)
    if not doc.meta["course-index"] then doc.blocks:extend(function_list()) end
    return doc
  end,
}

-- Pass 5 (HTML): code spans that name a public function become links to it
-- in the book; one already inside a link is left alone.
local mark_linked = {
  Link = function(el)
    return pandoc.walk_inline(el, { Code = function(c) c.classes:insert("in-link"); return c end })
  end,
}
local link_functions = {
  Code = function(el)
    if el.classes:includes("in-link") then
      el.classes = el.classes:filter(function(c) return c ~= "in-link" end)
      return el
    end
    local name = public_name(el.text)
    if name then return pandoc.Link({ el }, BOOK .. "#" .. name, "", pandoc.Attr("", { "book" })) end
  end,
}

if html then
  return { capture, substitute, check, add_list, mark_linked, link_functions }
end
return { capture, substitute, check, add_list }
