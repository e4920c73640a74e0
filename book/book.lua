--[[ book/book.lua - typesets the woven mlp.h (book/weave.awk) with pandoc.

  pandoc build/book/mlp.md --lua-filter=book/book.lua -t html5 ...   (mk/book.mk)

The woven markdown is mlp.h cut into fenced blocks: `prose` blocks hold the
comments that start a line, `c` blocks everything else, each with the line
it starts at (from=N). This filter turns them into the book:

  - a prose block loses its comment delimiters and the decoration the
    heading above it already shows (the ">>name ====" marker, a manual
    banner), and becomes paragraphs, lists, the fixed headings of a backward
    block (shapes, given, computes, why, checked) as a definition list,
    preformatted text (tables, the network file format, code samples), and
    display math where an indented block is a formula: the header's ASCII
    notation (a_ij, x^2, sum_k, sqrt(v), lr_t, beta1, <-) becomes TeX, which
    pandoc writes as MathML (HTML) or LaTeX math (PDF). A block whose every
    line cannot be read as a formula stays preformatted, as written.
  - `>>name` becomes a link to the section of that name, and a function or
    type of mlp.h named in the text (mlp_mat_mul, mlp_mat, `mlp_step`) a
    link to its definition.
  - a c block becomes a listing with mlp.h's line numbers. In HTML the
    filter highlights it itself: every line has an id (L123, so that
    mlp.h:123 is #L123), the line of each definition has the function's or
    type's name as id, and names and >>references in it are links. In LaTeX
    it is a `listings` block (pandoc --listings) with the same line numbers.

Nothing in the text is dropped except the delimiters and decoration above;
tests/book.sh checks that the blocks are mlp.h, byte for byte.
]]

local html = FORMAT:match("html") ~= nil

-- ---- names that get an id: definitions in the c blocks ---------------------

local targets = {}   -- name -> id (the name itself)
local sections = {}  -- heading ids

local C_KEYWORDS = {}
for w in ([[auto break case char const continue default do double else enum extern float for goto if
  inline int long register restrict return short signed sizeof static struct switch typedef union unsigned
  void volatile while size_t FILE va_list]]):gmatch("%S+") do C_KEYWORDS[w] = true end

-- The text of lines[i..] from the first "(" to its matching ")", and what follows.
local function after_params(lines, i)
  local text = table.concat(lines, "\n", i, math.min(#lines, i + 6))
  local open = text:find("%(")
  if not open then return nil end
  local depth = 0
  for k = open, #text do
    local ch = text:sub(k, k)
    if ch == "(" then depth = depth + 1 elseif ch == ")" then
      depth = depth - 1
      if depth == 0 then return text:sub(k + 1):match("^%s*(.)") end
    end
  end
  return nil
end

-- Definitions in one c block: {line index -> name}.
local function definitions(lines, implementation)
  local defs = {}
  for i, l in ipairs(lines) do
    local name
    if implementation and (l:match("^MLPDEF ") or l:match("^static ")) and l:find("%(") and not l:match("^static const")
        and not l:match("^typedef") then
      local head = l:match("^(.-)%(")
      name = head and head:match("([%a_][%w_]*)%s*$")
      if name and after_params(lines, i) ~= "{" then name = nil end
    elseif l:match("^typedef .*;") then
      name = l:match("([%a_][%w_]*)%s*__attribute__") or l:match("([%a_][%w_]*)%s*;")
      if l:match("%(%*") then name = l:match("%(%*%s*([%a_][%w_]*)%)") end
    elseif l:match("^} ([%a_][%w_]*);") then
      name = l:match("^} ([%a_][%w_]*);")
    end
    if name and name:match("^mlp") then defs[i] = name end
  end
  return defs
end

-- ---- HTML listings: a small C highlighter ------------------------------------

local function esc(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function link_name(name, text)
  if targets[name] then
    return '<a class="nm" href="#' .. name .. '">' .. text .. '</a>'
  end
  return text
end

-- >>name and mlp names inside a comment, escaped and linked.
local function comment_html(s)
  local out, pos = {}, 1
  while true do
    local a, b, pre, name = s:find("(>>)([a-z]+)", pos)
    local c, d, fname = s:find("(mlp_?_?[%w_]+)", pos)
    if c and (not a or c < a) then
      out[#out + 1] = esc(s:sub(pos, c - 1))
      out[#out + 1] = link_name(fname, esc(fname))
      pos = d + 1
    elseif a then
      out[#out + 1] = esc(s:sub(pos, a - 1))
      if sections[name] then
        out[#out + 1] = '<a class="ref" href="#' .. name .. '">&gt;&gt;' .. name .. '</a>'
      else
        out[#out + 1] = esc(">>" .. name)
      end
      pos = b + 1
    else
      out[#out + 1] = esc(s:sub(pos))
      break
    end
  end
  return table.concat(out)
end

local function span(class, s) return '<span class="' .. class .. '">' .. s .. '</span>' end

-- Highlights lines (a table of strings), carrying block comments across lines.
-- Returns one HTML string per line.
local function highlight(lines)
  local out, in_comment = {}, false
  for _, line in ipairs(lines) do
    local parts, pos, n = {}, 1, #line
    if in_comment then
      local e = line:find("*/", 1, true)
      if e then
        parts[#parts + 1] = span("co", comment_html(line:sub(1, e + 1)))
        pos = e + 2
        in_comment = false
      else
        parts[#parts + 1] = span("co", comment_html(line))
        pos = n + 1
      end
    end
    if pos == 1 and line:match("^%s*#") then -- a preprocessor line: the directive, then the rest as code
      local ws, dir = line:match("^(%s*#%s*)(%a*)")
      parts[#parts + 1] = span("pp", esc(ws .. dir))
      pos = #ws + #dir + 1
    end
    while pos <= n do
      local ch = line:sub(pos, pos)
      local two = line:sub(pos, pos + 1)
      if two == "/*" then
        local e = line:find("*/", pos + 2, true)
        if e then
          parts[#parts + 1] = span("co", comment_html(line:sub(pos, e + 1)))
          pos = e + 2
        else
          parts[#parts + 1] = span("co", comment_html(line:sub(pos)))
          pos = n + 1
          in_comment = true
        end
      elseif two == "//" then
        parts[#parts + 1] = span("co", comment_html(line:sub(pos)))
        pos = n + 1
      elseif ch == '"' or ch == "'" then
        local k = pos + 1
        while k <= n do
          local c2 = line:sub(k, k)
          if c2 == "\\" then k = k + 2
          elseif c2 == ch then break
          else k = k + 1 end
        end
        parts[#parts + 1] = span("st", esc(line:sub(pos, k)))
        pos = k + 1
      elseif ch:match("[%a_]") then
        local word = line:match("^[%w_]+", pos)
        if C_KEYWORDS[word] then parts[#parts + 1] = span("kw", word)
        elseif word == "MLPDEF" or word == "mlp_real" then parts[#parts + 1] = span("ty", word)
        else parts[#parts + 1] = link_name(word, word) end
        pos = pos + #word
      elseif ch:match("%d") or (ch == "." and line:sub(pos + 1, pos + 1):match("%d")) then
        local num = line:match("^[%w%.]+", pos)
        num = line:match("^%d*%.?%d+[eE][-+]?%d+[fFlL]?", pos) or num
        parts[#parts + 1] = span("nu", esc(num))
        pos = pos + #num
      else
        local run = line:match('^[^%w_"\'/]+', pos) or ch
        parts[#parts + 1] = esc(run)
        pos = pos + #run
      end
    end
    out[#out + 1] = table.concat(parts)
  end
  return out
end

local function listing_html(lines, from, defs, class)
  local hl
  if class == "plain" then -- a table or a file format: as written
    hl = {}
    for k, l in ipairs(lines) do hl[k] = esc(l) end
  else
    hl = highlight(lines)
  end
  local rows = {}
  for i, h in ipairs(hl) do
    if from then
      local n = from + i - 1
      local id = defs and defs[i]
      rows[#rows + 1] = '<span class="ln" id="L' .. n .. '">' .. (id and ('<span id="' .. id .. '"></span>') or '') ..
        '<a href="#L' .. n .. '">' .. n .. '</a></span>' .. h
    else
      rows[#rows + 1] = h
    end
  end
  return pandoc.RawBlock("html", '<pre class="' .. (class or "listing") .. '"><code>' .. table.concat(rows, "\n") .. "</code></pre>")
end

-- ---- ASCII formulas to TeX -------------------------------------------------

local GREEK = {}
for w in ("alpha beta gamma delta epsilon eta theta lambda mu nu pi sigma tau phi omega"):gmatch("%S+") do GREEK[w] = "\\" .. w end
GREEK.eps = "\\epsilon"
local FUNCS = {log = "\\log", exp = "\\exp", tanh = "\\tanh", sin = "\\sin", cos = "\\cos", max = "\\max",
  min = "\\min", atanh = "\\operatorname{atanh}", softmax = "\\operatorname{softmax}", sign = "\\operatorname{sign}",
  floor = "\\operatorname{floor}", Var = "\\operatorname{Var}", round = "\\operatorname{round}", grad = "\\nabla"}
local ROMAN_SUBS = {["in"] = true, out = true, max = true, min = true, hi = true, lo = true, prev = true, next = true,
  size = true, pad = true, clamp = true, switch = true}
local WORDS = {}
for w in ([[at else or if and with probability over of the for column sums where so then is as by per all
  otherwise when no momentum]]):gmatch("%S+") do WORDS[w] = true end

local function tex_text(s)
  s = s:gsub("\\", "\\textbackslash "):gsub("([_%%&#%$%{%}])", "\\%1"):gsub("%^", "\\textasciicircum ")
  return "\\text{" .. s .. "}"
end

-- The TeX of one subscript: indices stay italic, words (in, max) are upright.
local function sub_tex(s)
  local primes = s:match("'+$") or ""
  s = s:gsub("'+$", "")
  local t
  if ROMAN_SUBS[s] then t = "\\mathrm{" .. s .. "}"
  elseif #s > 1 and s:match("^%a+$") and not s:match("^[ijklmnbtdpqrsxy]+$") then t = "\\mathrm{" .. s .. "}"
  else t = s end
  return "{" .. t .. "}" .. primes
end

local function ident_tex(w)
  local primes = w:match("'+$") or ""
  w = w:gsub("'+$", "")
  local digits = w:match("^%a+(%d+)$")
  if digits and (GREEK[w:match("^%a+")]) then return GREEK[w:match("^%a+")] .. "_{" .. digits .. "}" .. primes end
  if GREEK[w] then return GREEK[w] .. primes end
  if w:match("^%a%d+$") then return w:sub(1, 1) .. "_{" .. w:sub(2) .. "}" .. primes end
  if FUNCS[w] then return FUNCS[w] end
  if #w == 1 then return w .. primes end
  if w:match("^%d") then return w end
  return "\\mathit{" .. w .. "}" .. primes
end

-- Is this identifier a name of a formula (not an English word)? Single
-- letters with digits or primes, Greek letters, functions, gradient names
-- (dz, dW: d and one letter), and the short names of the optimizer rules.
local SHORT = {}
for w in ("lr wd eps mu dampening base gamma mean std"):gmatch("%S+") do SHORT[w] = true end
local function mathy(w)
  local core = w:gsub("'+$", "")
  return #core == 1 or core:match("^%a%d+$") or GREEK[core] or GREEK[core:match("^%a+") or ""] and core:match("^%a+%d+$")
    or FUNCS[core] or core == "sqrt" or core == "sum" or core:match("^d%a$") or SHORT[core] ~= nil
end

-- Tokens of a formula line.
local function tokenize(s)
  local toks, pos, n = {}, 1, #s
  while pos <= n do
    local sp = s:match("^ +", pos)
    if sp then
      toks[#toks + 1] = {kind = "space", text = sp}
      pos = pos + #sp
    else
      local num = s:match("^%d+%.?%d*[eE][-+]?%d+", pos) or s:match("^%d+%.%d+", pos) or s:match("^%d+", pos)
      local word = s:match("^[%a][%w]*'*", pos)
      local three = s:sub(pos, pos + 2)
      local two = s:sub(pos, pos + 1)
      if num then
        toks[#toks + 1] = {kind = "num", text = num}
        pos = pos + #num
      elseif word then
        toks[#toks + 1] = {kind = "id", text = word}
        pos = pos + #word
      elseif three == "..." then
        toks[#toks + 1] = {kind = "op", text = "..."}
        pos = pos + 3
      elseif two == "<-" or two == "->" or two == "<=" or two == ">=" or two == "!=" or two == "+=" or two == "||" then
        toks[#toks + 1] = {kind = "op", text = two}
        pos = pos + 2
      else
        toks[#toks + 1] = {kind = "op", text = s:sub(pos, pos)}
        pos = pos + 1
      end
    end
  end
  return toks
end

local OPS = {["<-"] = "\\leftarrow", ["->"] = "\\to", ["<="] = "\\le", [">="] = "\\ge", ["!="] = "\\ne",
  ["+="] = "\\mathrel{+}=", ["*"] = "\\cdot", ["~"] = "\\sim", ["..."] = "\\dots", ["{"] = "\\{", ["}"] = "\\}",
  ["%"] = "\\%", ["&"] = "\\&", ["#"] = "\\#", ["$"] = "\\$", ["\\"] = "\\backslash"}
local RELATIONS = {["="] = true, ["<-"] = true, ["+="] = true, ["~"] = true, ["<="] = true, [">="] = true, ["<"] = true, [">"] = true}

-- Converts tokens[i..j] to TeX; returns the TeX, or nil and a reason.
local function convert(toks)
  local out, i, words, norm = {}, 1, 0, false
  local function atom_end(k) -- the index after the atom starting at k (for ^ and _)
    local t = toks[k]
    if not t then return k end
    if t.text == "(" or t.text == "[" or t.text == "|" then
      local close = ({["("] = ")", ["["] = "]", ["|"] = "|"})[t.text]
      local depth = 0
      for m = k, #toks do
        if toks[m].text == t.text and t.text ~= "|" then depth = depth + 1
        elseif toks[m].text == close then
          if t.text == "|" and m == k then depth = 1 else depth = depth - 1 end
          if depth == 0 and m > k then return m + 1 end
        end
      end
      return nil
    end
    if t.text == "-" then return atom_end(k + 1) end
    if t.kind == "num" and toks[k + 1] and toks[k + 1].kind == "id" and #toks[k + 1].text == 1 then return k + 2 end
    if t.kind == "id" and toks[k + 1] and toks[k + 1].text == "(" and FUNCS[t.text] then return atom_end(k + 1) end
    if t.kind == "id" and toks[k + 1] and toks[k + 1].text == "_" then return atom_end(k + 2) end
    return k + 1
  end
  local sub_convert
  local function emit_range(a, b)
    local sub = {}
    for m = a, b - 1 do sub[#sub + 1] = toks[m] end
    local t, why = sub_convert(sub)
    return t, why
  end
  sub_convert = function(ts) return convert(ts) end
  while i <= #toks do
    local t = toks[i]
    if t.kind == "space" then
      if #t.text >= 2 and i > 1 and i < #toks then
        -- a gap: a second formula, or an annotation in parentheses
        local rest = {}
        for m = i + 1, #toks do rest[#rest + 1] = toks[m].text end
        local r = table.concat(rest)
        if r:match("^%(") and r:match("%)[%.,;]?$") and (r:match("%a%a%a") or r:match("_")) then
          out[#out + 1] = "\\quad " .. tex_text(r)
          break
        end
        out[#out + 1] = "\\qquad "
      else
        local prev, nxt = toks[i - 1], toks[i + 1]
        local function operand_end(x) return x and (x.kind ~= "op" or x.text == ")" or x.text == "]" or x.text == "|") end
        local function operand_start(x) return x and (x.kind == "id" and not WORDS[x.text] or x.kind == "num" or x.text == "(") end
        out[#out + 1] = (operand_end(prev) and operand_start(nxt) and not (prev.kind == "id" and WORDS[prev.text])) and "\\, " or " "
      end
      i = i + 1
    elseif t.kind == "id" then
      local w = t.text
      if WORDS[w] and #w > 1 or w:match("^%u%l%l%l+$") then
        words = words + 1
        out[#out + 1] = "\\text{ " .. w .. " }"
        i = i + 1
      elseif not mathy(w) and not (toks[i + 1] and (toks[i + 1].text == "_" or toks[i + 1].text == "(")) then
        return nil, "a word: " .. w
      elseif w:match("^%u%u%u") then
        return nil, "an upper-case word: " .. w
      elseif w == "sqrt" and toks[i + 1] and toks[i + 1].text == "(" then
        local e = atom_end(i + 1)
        if not e then return nil, "unbalanced sqrt" end
        local inner, why = emit_range(i + 2, e - 1)
        if not inner then return nil, why end
        out[#out + 1] = "\\sqrt{" .. inner .. "}"
        i = e
      elseif w == "sum" and toks[i + 1] and toks[i + 1].text == "_" and toks[i + 2] then
        out[#out + 1] = "\\sum_" .. sub_tex(toks[i + 2].text) .. " "
        i = i + 3
      elseif w == "sum" then
        out[#out + 1] = "\\sum "
        i = i + 1
      else
        out[#out + 1] = ident_tex(w)
        i = i + 1
      end
    elseif t.kind == "num" then
      if t.text:match("[eE]") then out[#out + 1] = tex_text(t.text) else out[#out + 1] = t.text end
      i = i + 1
    else -- an operator
      local op = t.text
      if op == "^" or op == "_" then
        local e = atom_end(i + 1)
        if not e or e == i + 1 then return nil, "nothing after " .. op end
        local a, b = i + 1, e
        -- drop one pair of parentheses around a superscript or subscript group
        if toks[a].text == "(" and toks[b - 1].text == ")" and atom_end(a) == b then a, b = a + 1, b - 1 end
        local inner, why
        if op == "_" and b - a == 1 and toks[a].kind ~= "op" then
          inner = sub_tex(toks[a].text)
        else
          inner, why = emit_range(a, b)
          if not inner then return nil, why end
          inner = "{" .. inner .. "}"
        end
        out[#out + 1] = op .. inner
        i = e
      elseif op == "||" then
        norm = not norm
        out[#out + 1] = norm and "\\lVert " or "\\rVert "
        i = i + 1
      elseif op == "?" or op == ";" and toks[i + 1] and toks[i + 1].kind ~= "space" or op == "&" or op == "#"
          or op == '"' or op == "{" or op == "}" or op == "@" or op == "\\" then
        return nil, "code-like: " .. op
      else
        out[#out + 1] = OPS[op] or op
        i = i + 1
      end
    end
  end
  if words > 3 then return nil, "prose: " .. words .. " words" end
  local tex = table.concat(out)
  -- no thin space after an operator name or a sum: TeX spaces them already
  tex = tex:gsub("(\\sum_%b{}) \\, ", "%1 "):gsub("(\\%a+)\\, ", function(f)
    for _, v in pairs(FUNCS) do if v == f then return f .. " " end end
    return f .. "\\, "
  end)
  return tex
end

-- A line, split at its first relation (for aligned): lhs, relation TeX, rhs tokens
local function formula_line(line)
  local s = line:gsub("^%s+", ""):gsub("%s+$", "")
  if s:match("for %(") or s:match("%(gdb%)") or s:match("[%a%)]%->[%a]") or s:match("//") or s:match("%?")
      or s:match("mlp_") or s:match("%a%.%a") or s:match("==") or s:match(":") then
    return nil, "code"
  end
  local toks = tokenize(s)
  -- where is the first relation at depth 0?
  local depth, rel = 0, nil
  for k, t in ipairs(toks) do
    if t.text == "(" or t.text == "[" then depth = depth + 1
    elseif t.text == ")" or t.text == "]" then depth = depth - 1
    elseif depth == 0 and RELATIONS[t.text] and t.kind == "op" then rel = k break end
  end
  local tex, why = convert(toks)
  if not tex then return nil, why end
  local has_op = s:match("[=%^_%+/<]") or s:match("^%-%(") or s:match("%a %a")
  if not has_op then return nil, "no operator" end
  if rel then
    local left, right = {}, {}
    for k = 1, rel - 1 do left[#left + 1] = toks[k] end
    for k = rel + 1, #toks do right[#right + 1] = toks[k] end
    local l = (#left > 0) and convert(left) or ""
    local r = convert(right)
    if l and r then return {left = l, rel = OPS[toks[rel].text] or toks[rel].text, right = r, has_rel = true} end
  end
  return {left = "", rel = "", right = tex, has_rel = false}
end

-- The TeX of an indented block, or nil when it is not all formulas.
local debug_math = os.getenv("BOOK_DEBUG_MATH")
local function block_math(lines)
  local rows, any_rel = {}, false
  for _, l in ipairs(lines) do
    if l:match("^%s*$") then return nil end
    local f, why = formula_line(l)
    if not f then
      if debug_math then io.stderr:write("not math (" .. tostring(why) .. "): " .. l .. "\n") end
      return nil
    end
    rows[#rows + 1] = f
    any_rel = any_rel or f.has_rel
  end
  local first = lines[1]:gsub("^%s+", "")
  if not any_rel and not (#lines == 1 and (first:match("^%-?%(") or first:match("^%a"))) then return nil end
  local tex
  local continued = false
  for k = 2, #rows do if rows[k].has_rel and rows[k].left == "" then continued = true end end
  if #rows == 1 or not continued then
    local parts = {}
    for _, f in ipairs(rows) do parts[#parts + 1] = f.has_rel and (f.left .. " " .. f.rel .. " " .. f.right) or f.right end
    if debug_math then io.stderr:write("MATH: " .. table.concat(lines, " | ") .. "\n   => " .. table.concat(parts, " // ") .. "\n") end
    return parts
  else
    local parts = {}
    for _, f in ipairs(rows) do
      if f.has_rel then parts[#parts + 1] = f.left .. " &" .. f.rel .. " " .. f.right
      else parts[#parts + 1] = "& " .. f.right end
    end
    tex = "\\begin{aligned}" .. table.concat(parts, " \\\\ ") .. "\\end{aligned}"
  end
  if debug_math then io.stderr:write("MATH: " .. table.concat(lines, " | ") .. "\n   => " .. tex .. "\n") end
  return {tex}
end

-- ---- prose -------------------------------------------------------------------

-- Inlines of a run of text: `code` spans, >>name links, names of mlp.h linked.
local function inlines(text)
  local out = pandoc.List()
  local pos = 1
  local function words(s)
    local first = true
    for w in s:gmatch("%S+") do
      if not first then out:insert(pandoc.Space()) end
      first = false
      local pre, name, post = w:match("^(.-)(>>[a-z]+)(.*)$")
      if name and sections[name:sub(3)] then
        if pre ~= "" then out:insert(pandoc.Str(pre)) end
        out:insert(pandoc.Link({pandoc.Str(name)}, "#" .. name:sub(3), "", pandoc.Attr("", {"ref"})))
        if post ~= "" then out:insert(pandoc.Str(post)) end
      else
        local p2, fname, post2 = w:match("^([^%w_]*)(mlp_?_?[%w_]*[%w])(.*)$")
        if fname and targets[fname] then
          if p2 ~= "" then out:insert(pandoc.Str(p2)) end
          out:insert(pandoc.Link({pandoc.Code(fname)}, "#" .. fname))
          if post2 ~= "" then out:insert(pandoc.Str(post2)) end
        else
          out:insert(pandoc.Str(w))
        end
      end
    end
    if s:match("^%s") and #out > 0 then end
  end
  while pos <= #text do
    local a, b, code = text:find("`([^`]+)`", pos)
    if not a then
      words(text:sub(pos))
      break
    end
    local before = text:sub(pos, a - 1)
    words(before)
    if before:match("%s$") then out:insert(pandoc.Space()) end
    local name = code:match("^(mlp_?_?[%w_]+)%(?%)?$")
    if name and targets[name] then out:insert(pandoc.Link({pandoc.Code(code)}, "#" .. name))
    else out:insert(pandoc.Code(code)) end
    pos = b + 1
    if text:sub(pos, pos):match("%s") then out:insert(pandoc.Space()) end
  end
  return out
end

local function indent_of(l) return #(l:match("^ *")) end

local function looks_like_c(lines)
  local t = table.concat(lines, "\n")
  if t:match("%(gdb%)") then return false end
  return t:match("#include") or t:match("#define") or t:match("mlp_[%w_]+%(") or t:match("for %(") or t:match("//")
end

local function preformatted(lines)
  -- strip the common indentation
  local m = math.huge
  for _, l in ipairs(lines) do if not l:match("^%s*$") then m = math.min(m, indent_of(l)) end end
  local body = {}
  for _, l in ipairs(lines) do body[#body + 1] = l:sub(m + 1) end
  local texs = block_math(body)
  if texs then
    local para = pandoc.List()
    for _, tex in ipairs(texs) do para:insert(pandoc.Math("DisplayMath", tex)) end
    return pandoc.Para(para)
  end
  if html then return listing_html(body, nil, nil, looks_like_c(body) and "sample" or "plain") end
  return pandoc.CodeBlock(table.concat(body, "\n"), pandoc.Attr("", looks_like_c(body) and {"c"} or {}, {{"style", "plain"}}))
end

local LABELS = {shapes = true, given = true, computes = true, why = true, checked = true}

-- Blocks of lines that share a base indentation of 0.
local parse
parse = function(lines)
  local blocks = pandoc.List()
  local i, n = 1, #lines
  local function blank(k) return lines[k]:match("^%s*$") end
  while i <= n do
    local l = lines[i]
    if blank(i) then
      i = i + 1
    elseif indent_of(l) > 0 then
      local j = i
      while j <= n and (not blank(j) and indent_of(lines[j]) > 0 or blank(j) and j < n and indent_of(lines[j + 1]) > 0 and not blank(j + 1)) do j = j + 1 end
      local pre = {}
      for k = i, j - 1 do pre[#pre + 1] = lines[k] end
      blocks:insert(preformatted(pre))
      i = j
    else
      local bullet = l:match("^%- ")
      local number = l:match("^%d+%. ")
      local label, lrest = l:match("^(%a+):(%s+%S.*)$")
      if label and not LABELS[label] then label = nil end
      if bullet or number then
        local w = #(bullet or number)
        local list = pandoc.List()
        while i <= n and not blank(i) and indent_of(lines[i]) == 0 and (bullet and lines[i]:match("^%- ") or number and lines[i]:match("^%d+%. ")) do
          local item = {lines[i]:sub(w + 1)}
          i = i + 1
          while i <= n and (not blank(i) and indent_of(lines[i]) >= w or blank(i) and i < n and not blank(i + 1) and indent_of(lines[i + 1]) >= w) do
            item[#item + 1] = lines[i]:sub(w + 1)
            i = i + 1
          end
          list:insert(parse(item))
          while i <= n and blank(i) and i < n and (bullet and lines[i + 1]:match("^%- ") or number and lines[i + 1]:match("^%d+%. ")) do i = i + 1 end
        end
        blocks:insert(bullet and pandoc.BulletList(list) or pandoc.OrderedList(list))
      elseif label then
        local items = pandoc.List()
        while i <= n and not blank(i) and lines[i]:match("^(%a+):%s+%S") and LABELS[lines[i]:match("^(%a+):")] do
          local lab, rest = lines[i]:match("^(%a+):(%s+%S.*)$")
          local w = #lab + 1 + #(rest:match("^%s+"))
          local body = {(rest:gsub("^%s+", ""))}
          i = i + 1
          while i <= n and not blank(i) and indent_of(lines[i]) >= w do
            body[#body + 1] = lines[i]:sub(w + 1)
            i = i + 1
          end
          items:insert({{pandoc.Strong({pandoc.Str(lab)})}, {parse(body)}})
        end
        blocks:insert(pandoc.DefinitionList(items))
      else
        local para = {}
        local function starts_block(l)
          local lab = l:match("^(%a+):%s+%S")
          return l:match("^%- ") or l:match("^%d+%. ") or (lab and LABELS[lab])
        end
        while i <= n and not blank(i) and indent_of(lines[i]) == 0 and not (#para > 0 and starts_block(lines[i])) do
          para[#para + 1] = lines[i]
          i = i + 1
        end
        blocks:insert(pandoc.Para(inlines(table.concat(para, " "))))
      end
    end
  end
  return blocks
end

local function lua_literal(s) return (s:gsub("([%^%$%(%)%%%.%[%]%*%+%-%?])", "%%%1")) end

-- The text of a prose block: without /* */, decoration, and what the heading shows.
local function prose_lines(text, attr)
  local lines = {}
  for l in (text .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = l end
  while #lines > 0 and lines[#lines]:match("^%s*$") do table.remove(lines) end
  if #lines == 0 then return {} end
  lines[1] = lines[1]:gsub("^/%*", "  ")
  lines[#lines] = lines[#lines]:gsub("%s*%*/%s*$", "")
  local marker, banner = attr.attributes["marker"], attr.attributes["banner"]
  if marker then
    lines[1] = lines[1]:gsub("^(%s*)>>" .. lua_literal(marker) .. "%s*[:=%-]*%s*", "%1")
    -- an appendix's "APPENDIX A. title" line: the heading shows it
    for k = 1, math.min(2, #lines) do
      if lines[k]:match("^%s*APPENDIX [A-D]%. ") then table.remove(lines, k) break end
    end
  end
  local out = {}
  for k, l in ipairs(lines) do
    local t = l:gsub("^%s+", ""):gsub("%s+$", "")
    if t:match("^=+$") or t:match("^%-%-%-%-%-+$") then
      -- decoration
    elseif banner and t:sub(1, #banner) == banner then
      local rest = t:sub(#banner + 1):gsub("^[%s:]+", "")
      if rest ~= "" and not rest:match("^%(>>[a-z]+%)$") then out[#out + 1] = "   " .. rest end
      banner = nil
    else
      out[#out + 1] = l
    end
  end
  -- the common indentation (3 in mlp.h's comments)
  local m = math.huge
  for _, l in ipairs(out) do if not l:match("^%s*$") then m = math.min(m, indent_of(l)) end end
  if m == math.huge then return {} end
  for k, l in ipairs(out) do out[k] = l:sub(m + 1) end
  return out
end

-- ---- the document ------------------------------------------------------------

-- In LaTeX, code in the text is \texttt at the text's size (pandoc --listings
-- would set it with \lstinline, at the listings' small size).
local function latex_escape(s)
  return (s:gsub("\\", "\\textbackslash{}"):gsub("([#%$%%&_{}])", "\\%1"):gsub("~", "\\textasciitilde{}")
    :gsub("%^", "\\textasciicircum{}"))
end
local function latex_code(el)
  return pandoc.RawInline("latex", "\\texttt{" .. latex_escape(el.text) .. "}")
end

local function typeset(doc)
  -- pass 1: section ids and definitions
  local part = ""
  local defs_of = {}
  for k, b in ipairs(doc.blocks) do
    if b.t == "Header" then
      sections[b.identifier] = true
      if b.level == 1 then part = b.identifier end
    elseif b.t == "CodeBlock" and b.classes:includes("c") then
      local lines = {}
      for l in (b.text .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = l end
      local defs = definitions(lines, part == "teaching-path" or part == "appendices" or part == "interface")
      for i, name in pairs(defs) do
        if targets[name] or (part == "interface" and not lines[i]:match("typedef") and not lines[i]:match("^}")) then
          defs[i] = nil
        else
          targets[name] = true
        end
      end
      defs_of[k] = defs
    end
  end
  -- pass 2: typeset
  local out = pandoc.List()
  -- A definition's id: on its line in HTML, but on the comment just above it
  -- when the definition opens its block (a link then shows the comment
  -- first); in LaTeX, whose listings hold no anchors, before its block.
  local prose_at -- where the blocks of the prose just before begin, if any
  local function anchor(id) return pandoc.Div({}, pandoc.Attr(id)) end
  for k, b in ipairs(doc.blocks) do
    if b.t == "CodeBlock" and b.classes:includes("prose") then
      local lines = prose_lines(b.text, b.attr)
      prose_at = #out + 1
      out:extend(parse(lines))
    elseif b.t == "CodeBlock" and b.classes:includes("c") then
      local from = tonumber(b.attributes["from"])
      local lines = {}
      for l in (b.text .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = l end
      while #lines > 0 and lines[#lines]:match("^%s*$") do table.remove(lines) end
      local defs = defs_of[k] or {}
      local first = 1
      while lines[first] and lines[first]:match("^%s*$") do first = first + 1 end
      if prose_at and defs[first] then
        out:insert(prose_at, anchor(defs[first]))
        defs[first] = nil
      end
      if #lines > 0 then
        if html then
          out:insert(listing_html(lines, from, defs))
        else
          local ids = {}
          for i in pairs(defs) do ids[#ids + 1] = i end
          table.sort(ids)
          for _, i in ipairs(ids) do out:insert(anchor(defs[i])) end
          out:insert(pandoc.CodeBlock(table.concat(lines, "\n"),
            pandoc.Attr("", {"c", "numberLines"}, {{"startFrom", tostring(from)}})))
        end
      end
      prose_at = nil
    else
      out:insert(b)
      prose_at = nil
    end
  end
  doc.blocks = out
  return doc
end

if html then return {{Pandoc = typeset}} end
return {{Pandoc = typeset}, {Code = latex_code}}
