"""Render one small template per Jinja construct with transformers' chat-template environment; write JSON.

    tools/.venv/bin/python tools/render_template_constructs.py lvlm/src/test/resources/chat-templates/constructs.json

Each case is compiled by transformers.utils.chat_template_utils._compile_jinja_template (the environment that
render_jinja_template uses: sandbox, trim_blocks, lstrip_blocks, loopcontrols, generation, transformers' globals
and tojson) and rendered with CONTEXT. A failure is recorded with its phase (parse or render) and Python type.
"""

import json
import sys

import jinja2
from transformers.utils.chat_template_utils import _compile_jinja_template

CONTEXT = {
    "d": {"key": "v", "items": "shadow", "n": 3, "nested": {"b": "deep"}},
    "l": [3, 1, 2], "s": "Hello World", "num": 5, "flt": 2.5, "t": True, "f": False, "nn": None, "e": "",
    "el": [], "ed": {}, "words": ["b", "A", "c", "a"],
    "users": [{"name": "ann", "role": "user", "age": 3, "info": {"city": "Oslo"}},
              {"name": "Bob", "role": "assistant", "age": None},
              {"name": "cy", "role": "user", "age": 7, "info": {"city": "Rome"}}],
    "text": "  line one\n\nline two  ", "uni": "héllo – \u00a0\u2028x \"q\" 'a' \\ \x01",
}

WHITESPACE = {
    "lstrip_trim": "  {% if true %}\n  x\n  {% endif %}\n  y",
    "minus_both": "a\n  {%- if true -%}  \n b {%+ if true %}c{% endif +%}\nd{% endif %}",
    "comment_trim": "{# comment #}\nx",
    "comment_lstrip": "a\n  {# c #}\nx",
    "comment_minus": "a {#- c -#} b",
    "raw": "{% raw %}{{ x }}{% if %}{% endraw %}",
    "raw_ws": "a\n  {% raw %}\n{{ y }}\n  {% endraw %}\nz",
    "trailing_newline": "x\n{{ 1 }}\n",
    "two_trailing_newlines": "x\n\n",
    "crlf": "line1\r\n{% if true %}\r\nline2\r\n{% endif %}\r\n",
    "var_no_trim": "{{ 'a' }}\n{{ 'b' }}",
    "one_newline_only": "{% if true %}a{% endif %}\n\nb",
    "tabs_loop": "\t{% for i in [1, 2] %}\n\t{{ i }}\n\t{% endfor %}\n",
    "minus_inline": "a  {%- if true %} b {%- endif %}",
    "no_lstrip_after_text": "a {% if true %}b{% endif %}",
    "lstrip_at_start": "   {% if true %}x{% endif %}",
    "minus_newlines": "{%- if true %}\n   x{% endif %}",
    "plus_keeps": "  {%+ if true %}x{% endif %}",
    "var_minus": "a   {{- 'b' -}}   \n c",
    "lstrip_after_var_line": "{{ 'v' }}\n  {% if true %}x{% endif %}",
    "lstrip_after_trimmed_block": "{% if true %}\n  {% if true %}y{% endif %}{% endif %}",
    "space_before_var_not_stripped": "x\n  {{ 'y' }}",
    "comment_in_loop": "{% for i in l %}\n  {# skip #}\n  {{ i }}\n{% endfor %}",
}

STATEMENTS = {
    "for_basic": "{% for x in l %}{{ x }},{% endfor %}",
    "for_unpack": "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "for_unpack_paren": "{% for (k, v) in [[1, 2], [3, 4]] %}{{ k + v }}{% endfor %}",
    "for_else": "{% for x in el %}{{ x }}{% else %}empty{% endfor %}",
    "for_else_undefined": "{% for x in missing %}{{ x }}{% else %}none{% endfor %}",
    "for_loop_vars": "{% for x in l %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}"
                     "{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }}|{% endfor %}",
    "for_prev_next": "{% for x in l %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }};{% endfor %}",
    "for_cycle": "{% for x in l %}{{ loop.cycle('odd', 'even') }}{% endfor %}",
    "for_filter": "{% for u in users if u.role == 'user' %}{{ loop.index }}/{{ loop.length }}:{{ u.name }} "
                  "{% endfor %}",
    "for_break_continue": "{% for x in range(10) %}{% if x == 2 %}{% continue %}{% endif %}"
                          "{% if x > 4 %}{% break %}{% endif %}{{ x }}{% endfor %}",
    "for_nested_outer_loop": "{% for a in [1, 2] %}{% set outer = loop %}{% for b in 'xy' %}"
                             "{{ outer.index }}{{ b }}{{ loop.index }} {% endfor %}{% endfor %}",
    "for_string": "{% for ch in 'abc' %}[{{ ch }}]{% endfor %}",
    "for_dict_keys": "{% for k in d %}{{ k }} {% endfor %}",
    "for_scope": "{% set y = 0 %}{% for i in [1, 2, 3] %}{{ y }}{% set y = y + i %}{{ y }},{% endfor %}{{ y }}",
    "for_scope_if_inside": "{% for i in [1, 2] %}{% if i == 1 %}{% set z = 5 %}{% endif %}{{ z }},{% endfor %}",
    "if_scope": "{% if true %}{% set q = 3 %}{% endif %}{{ q }}",
    "if_elif_else": "{% for n in [1, 2, 3] %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %}"
                    "{% endfor %}",
    "set_tuple": "{% set a, b = 1, 'x' %}{{ b }}{{ a }}",
    "set_namespace": "{% set ns = namespace(count=0, found=false) %}{% for x in l %}"
                     "{% set ns.count = ns.count + x %}{% if x == 1 %}{% set ns.found = true %}{% endif %}"
                     "{% endfor %}{{ ns.count }} {{ ns.found }}",
    "set_namespace_dict_arg": "{% set ns = namespace({'a': 1}, b=2) %}{{ ns.a }}{{ ns.b }}",
    "set_block": "{% set greeting %}Hi {{ s }}!{% endset %}[{{ greeting }}]",
    "set_shadow_context": "{% set l = l[1:] %}{{ l }}",
    "generation": "{% for x in l %}{% generation %}{{ x }}{% set g = 1 %}{% endgeneration %}{% endfor %}{{ g }}",
    "generation_ws": "a\n  {%- generation %}\n  body\n  {%- endgeneration %}\nb",
}

EXPRESSIONS = {
    "string_escapes": "{{ '\\x41\\u00e9\\t|\\n|\\\\|\\'|\\s|\\101' }}",
    "string_double": '{{ "say \\"hi\\" it\'s" }}',
    "string_adjacent": "{{ 'a' \"b\" 'c' }}",
    "numbers": "{{ 1_000 }} {{ 1.5e3 }} {{ 0.1 + 0.2 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} "
               "{{ 7.5 % 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 10 / 5 }} {{ 1e20 }} {{ 1e-5 }} {{ 123456789.0 * 1e8 }}",
    "number_ops_mixed": "{{ 1 + 2.0 }} {{ true + 1 }} {{ 3 * 0.5 }} {{ -flt }} {{ +num }} {{ 2 ** 3 ** 2 }}",
    "sequence_ops": "{{ 'ab' * 3 }} {{ [1] + [2] }} {{ (1,) + (2,) }} {{ 3 * [0] }}",
    "tuples": "{{ (1,) }} {{ (1, 2) }} {{ () }} {{ 1, 2 }}",
    "dict_literal": "{{ {'a': 1, 'b': [1, (2, 3)], 'c': none} }}",
    "repr_values": "{{ [1, 'a', none, true, 1.5, {'k': \"v's\"}, 'q\"', '\\n'] }}",
    "repr_unicode": "{{ [uni] }}",
    "str_values": "{{ none }}|{{ true }}|{{ 1.0 }}|{{ 3 / 1 }}|{{ l }}|{{ d.nested }}",
    "comparisons": "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 == 1.0 }} "
                   "{{ true == 1 }} {{ none == none }} {{ 1 != 2 }} {{ 2 >= 2 }} {{ 'a' <= 'a' }}",
    "membership": "{{ 'x' in 'xyz' }} {{ 1 in [1, 2] }} {{ 'key' in d }} {{ 'zz' not in d }} {{ 5 not in l }}",
    "logic_values": "{{ 0 or 'x' }}|{{ 'a' and 'b' }}|{{ none or [] }}|{{ not e }}|{{ not not s }}|"
                    "{{ e and 1/0 }}|{{ s or 1/0 }}",
    "conditional": "{{ 'yes' if t else 'no' }} {{ 'yes' if f else 'no' }} [{{ 'only' if f }}] "
                   "{{ 'a' if f else 'b' if t else 'c' }}",
    "concat_tilde": "{{ 1 ~ 'a' ~ none ~ missing ~ [1] }}",
    "precedence": "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ -2 ** 2 }} {{ 10 - 2 - 3 }} "
                  "{{ not 1 == 2 }} {{ 2 * 3 ~ 'x' }} {{ 'a' ~ (1 + 2) }}",
    "filter_binds_tight": "{{ -3 | abs }} {{ l | length + 1 }} {{ 'a' ~ 'b' | upper }}",
    "attribute_item": "{{ d.key }} {{ d['key'] }} {{ d.nested.b }} {{ d['nested']['b'] }} {{ l[0] }} "
                      "{{ l[-1] }} {{ l.1 }} [{{ l[5] }}] [{{ d.missing }}]",
    "dict_method_vs_key": "{{ d['items'] }} {{ d.n }} {{ d.get('key') }} {{ d.get('zz', 'dflt') }} "
                          "{{ d.get('zz') }} {{ d.keys() | list }} {{ ed.values() | list }}",
    "slices": "{{ s[1:3] }} {{ s[::-1] }} {{ l[::2] }} {{ l[-2:] }} {{ l[:-1] }} {{ l[1:] }} {{ s[-3:] }} "
              "{{ l[5:] }} {{ l[::-1] }} {{ s[10:2:-3] }} {{ l[-10:10] }} {{ users[1:][0].name }}",
    "undefined_basics": "[{{ missing }}] {{ missing is defined }} {{ missing is undefined }} "
                        "{{ missing | default('d') }} {{ missing | length }} {{ missing == missing }} "
                        "{{ missing == none }} {{ missing is none }} {{ not missing }} [{{ missing | trim }}]",
    "undefined_in_if": "{% if missing %}x{% elif not missing %}y{% endif %}",
    "default_boolean": "{{ e | default('empty', true) }} {{ e | d('x') }}|{{ nn | default('n') }}",
    "str_methods": "{{ s.upper() }} {{ s.lower() }} {{ '  x  '.strip() }} {{ 'xxaxx'.strip('x') }} "
                   "{{ '  x '.lstrip() }}| {{ ' x  '.rstrip() }}| {{ s.startswith('He') }} {{ s.endswith('x') }} "
                   "{{ s.startswith(('x', 'Hel')) }} {{ s.split() }} {{ 'a,b,,c'.split(',') }} "
                   "{{ ' a  b c '.split(none, 1) }} {{ s.replace('o', '0') }} {{ 'hello wORLD 1st'.title() }} "
                   "{{ 'hELLO'.capitalize() }} {{ '-'.join(['a', 'b']) }} {{ s.find('o') }} {{ s.count('o') }}",
    "str_method_chain": "{{ s.upper().startswith('HE') }} {{ s.split(' ')[1].lower() }}",
    "list_methods": "{{ l.index(2) }} {{ l.count(1) }}",
}

FILTERS = {
    "trim_upper_lower": "[{{ text | trim }}] {{ s | upper }} {{ s | lower }} {{ 'xxhixx' | trim('x') }} "
                        "{{ 5 | string | upper }}",
    "title_capitalize": "{{ 'hello-world foo(bar) o\\'neil [x]y' | title }} {{ 'hELLO wORLD' | capitalize }}",
    "length_count": "{{ l | length }} {{ s | count }} {{ d | length }} {{ 'héllo' | length }}",
    "first_last": "{{ l | first }} {{ l | last }} {{ s | first }} {{ s | last }} [{{ el | first }}] "
                  "{{ d | first }}",
    "join": "{{ l | join }} {{ l | join(', ') }} {{ users | join('/', attribute='name') }} "
            "{{ users | map(attribute='age') | join(',') }}",
    "dict_keys_python_equality": "{{ {1: 'a', true: 'b', 1.0: 'c', 2: 'd'} }}",
    "tojson": "{{ d | tojson }} {{ uni | tojson }} {{ [1, 2.5, true, none] | tojson }} {{ el | tojson }} "
              "{{ ed | tojson }} {{ (1, 'a') | tojson }} {{ {1: 'a', none: 2, 1.5: 3, true: 4} | tojson }}",
    "tojson_indent": "{{ users[0] | tojson(indent=2) }}|{{ d | tojson(indent='\\t', sort_keys=true) }}|"
                     "{{ {'a': [], 'b': {}} | tojson(indent=2) }}",
    "tojson_separators": "{{ d | tojson(separators=(',', ':')) }} {{ l | tojson(sort_keys=true) }} "
                          "{{ uni | tojson(ensure_ascii=true) }} {{ '\U0001F600' | tojson(true) }}",
    "selectattr": "{{ users | selectattr('role', 'equalto', 'user') | map(attribute='name') | list }} "
                  "{{ users | selectattr('age') | map(attribute='name') | list }} "
                  "{{ users | selectattr('info', 'defined') | list | length }} "
                  "{{ users | selectattr('age', 'none') | map(attribute='name') | list }} "
                  "{{ users | rejectattr('age', 'none') | selectattr('age', 'gt', 4) | map(attribute='name') | list }}",
    "rejectattr": "{{ users | rejectattr('role', 'eq', 'user') | map(attribute='name') | list }} "
                  "{{ users | rejectattr('info', 'undefined') | map(attribute='name') | list }}",
    "select_reject": "{{ l | select('odd') | list }} {{ l | reject('odd') | list }} "
                     "{{ [0, 1, '', 'a', none] | select | list }} {{ words | select('in', ['a', 'b']) | list }}",
    "map": "{{ users | map(attribute='name') | map('upper') | list }} "
           "{{ users | map(attribute='info.city', default='?') | list }} {{ l | map('string') | join('-') }}",
    "list_items": "{{ 'abc' | list }} {{ d | list }} {{ d | items | list }} "
                  "{% for k, v in users[0] | items %}{{ k }} {% endfor %}{{ missing | items | list }}",
    "string_int_float": "{{ 3 | string }} {{ '42' | int + 1 }} {{ '3.7' | int }} {{ 'x' | int }} "
                        "{{ 'x' | int(5) }} {{ 2.9 | int }} {{ '2.5' | float }} {{ 'x' | float }} "
                        "{{ 3 | float }} {{ ' 7 ' | int }} {{ true | int }} {{ none | int }} {{ '1e3' | float }}",
    "replace_safe": "{{ s | replace('o', '0') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ '<b>' | safe }} "
                    "{{ 5 | replace('5', 'five') }}",
    "indent": "[{{ 'a\\nb\\n\\nc' | indent }}] [{{ 'a\\nb' | indent(2, true) }}] "
              "[{{ 'a\\n\\nb' | indent(width='>', blank=true) }}] [{{ 'x\\n' | indent }}]",
    "unique_dictsort_sort": "{{ words | unique | list }} {{ words | unique(case_sensitive=true) | list }} "
                            "{{ d | dictsort | map('first') | list }} {{ words | sort }} "
                            "{{ words | sort(case_sensitive=true) }} {{ l | sort(reverse=true) }} "
                            "{{ users | sort(attribute='name') | map(attribute='name') | list }} "
                            "{{ {'b': 1, 'a': 2} | dictsort(by='value', reverse=true) }}",
    "reverse_abs": "{{ l | reverse | list }} {{ s | reverse }} {{ -3 | abs }} {{ -2.5 | abs }}",
}

TESTS = {
    "type_tests": "{{ s is string }} {{ num is number }} {{ flt is number }} {{ t is number }} "
                  "{{ num is integer }} {{ t is integer }} {{ flt is float }} {{ d is mapping }} "
                  "{{ l is mapping }} {{ l is iterable }} {{ num is iterable }} {{ s is sequence }} "
                  "{{ d is sequence }} {{ t is boolean }} {{ num is boolean }} {{ t is true }} "
                  "{{ f is false }} {{ nn is none }} {{ e is none }} {{ missing is iterable }}",
    "value_tests": "{{ num is odd }} {{ num is even }} {{ 9 is divisibleby 3 }} {{ 2 is in l }} "
                   "{{ 'a' is in 'cat' }} {{ num is equalto 5 }} {{ num is eq(5) }} "
                   "{{ num is ne 5 }} {{ num is gt 4 }} {{ num is lt(4) }} {{ num is ge 5 }} {{ num is le 5 }} "
                   "{{ nn is sameas none }} {{ 'abc' is lower }} {{ 'aBc' is upper }} {{ 'ABC' is upper }} "
                   "{{ d.get is callable }} {{ s is not string }} {{ not s is string }}",
    "test_in_conditional": "{{ 'y' if missing is defined else 'n' }} {{ 'y' if num is odd and s is string else 'n' }}",
}

LAZY = {  # what filters and dict methods return is a generator or a view, not a list
    "generator_truthy_when_empty": "{{ 'y' if (l | select('gt', 5)) else 'n' }} {{ 'y' if (l | select('gt', 5) | list) else 'n' }}",
    "generator_used_up": "{% set odd = l | select('odd') %}{% for x in odd %}{{ x }}{% endfor %}|"
                         "{% for x in odd %}{{ x }}{% else %}gone{% endfor %}",
    "generator_first_then_rest": "{% set g = l | map('string') %}{{ g | first }}|{{ g | join(',') }}|{{ g | first }}",
    "generator_item_undefined": "[{{ (l | select('odd'))[0] }}]",
    "reverse_then_list": "{{ l | reverse | list }} {{ l | reverse | join(',') }} {{ l | select('odd') | reverse }}",
    "dict_views": "{{ d.keys() }} {{ ed.values() }} {{ d.items() | length }} {{ 'key' in d.keys() }} "
                  "{{ ed.items() is iterable }} {{ 'y' if ed.keys() else 'n' }} [{{ d.keys()[0] }}]",
    "range_object": "{{ range(3) }} {{ range(1, 6, 2) }} {{ range(3) | length }} {{ range(5)[2] }} "
                    "{{ range(5)[-1] }} {{ 'y' if range(0) else 'n' }}",
    "lazy_type_tests": "{{ (l | select) is iterable }} {{ (l | select) is sequence }} {{ range(2) is sequence }} "
                       "{{ d.keys() is sequence }}",
}

LENIENT = {  # jinja2 resolves filters and tests inside if blocks and inline ifs only when they run
    "unknown_filter_in_untaken_branch": "{% if false %}{{ s | nope }}{% else %}ok{% endif %}",
    "unknown_test_in_untaken_elif": "{% if true %}ok{% elif s is frobbed %}no{% endif %}",
    "unknown_filter_in_untaken_inline_if": "{{ 'ok' if true else s | nope }}",
}

GLOBALS = {
    "range": "{{ range(3) | list }} {{ range(1, 6, 2) | list }} {{ range(5, 0, -2) | list }} {{ range(0) | list }}",
    "dict_global": "{{ dict(a=1, b='x') }} {{ dict({'z': 0}, a=1) }}",
    "namespace_print": "{% set ns = namespace(a=1) %}{{ ns.a }}{{ ns.missing is defined }}",
}

ERRORS = {
    "unknown_filter": "line one\n{{ s | xyz }}",
    "unknown_test": "{% if s is frobbed %}x{% endif %}",
    "unknown_filter_in_if_body": "{% if true %}{{ s | nope }}{% endif %}",
    "unknown_filter_in_conditional": "{{ s | nope if true else 1 }}",
    "unknown_tag": "{% frob %}",
    "unclosed_for": "{% for x in l %}{{ x }}",
    "unclosed_if": "{% if true %}x{% else %}y",
    "unclosed_var": "{{ s ",
    "unclosed_comment": "{# never closed",
    "bad_endtag": "{% if true %}x{% endfor %}",
    "unexpected_paren": "{{ (1 }}",
    "break_outside_loop": "{% break %}",
    "str_plus_int": "{{ 'a' + 1 }}",
    "str_plus_undefined": "{{ 'a' + missing }}",
    "undefined_attribute": "{{ missing.x }}",
    "undefined_item": "{{ missing['x'] }}",
    "missing_attribute_chain": "{{ d.missing.deeper }}",
    "undefined_call": "{{ missing() }}",
    "list_append": "{{ l.append(4) }}",
    "namespace_underscore": "{% set ns = namespace() %}{% set ns._x = 1 %}",
    "set_attr_non_namespace": "{% set d.key = 1 %}",
    "raise_exception": "{% if true %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}",
    "compare_str_int": "{{ 'a' < 1 }}",
    "int_not_iterable": "{% for x in num %}{% endfor %}",
    "unpack_mismatch": "{% for a, b in l %}{% endfor %}",
    "division_by_zero": "{{ 1 / 0 }}",
    "tojson_undefined": "{{ missing | tojson }}",
    "items_non_mapping": "{% for k, v in l | items %}{% endfor %}",
    "tilde_binds_tighter_than_plus": "{{ 'a' ~ 1 + 2 }}",
    "selectattr_path_through_undefined": "{{ users | selectattr('info.city', '==', 'Rome') | list }}",
    "test_name_must_be_a_name": "{{ num is == 5 }}",
    "unknown_filter_in_for_in_if": "{% if true %}{% for x in l %}{{ x | nope }}{% endfor %}{% endif %}",
    "length_of_int": "{{ num | length }}",
    "length_of_generator": "{{ l | select('odd') | length }}",
    "last_of_generator": "{{ l | map('string') | last }}",
    "length_of_items_filter": "{{ d | items | length }}",
    "tojson_of_view": "{{ d.keys() | tojson }}",
    "tojson_of_generator": "{{ l | select | tojson }}",
    "view_item_attribute": "{{ d.keys()[0].x }}",
}


def run(template):
    try:
        compiled = _compile_jinja_template(template)
    except Exception as e:  # noqa: BLE001 - jinja2 reports some misplaced tags as a Python SyntaxError
        return {"phase": "parse", "error": type(e).__name__, "message": str(e)}
    try:
        return {"expected": compiled.render(**CONTEXT)}
    except Exception as e:  # noqa: BLE001 - every failure is recorded as expected behaviour
        result = {"phase": "render", "error": type(e).__name__, "message": str(e)}
        if type(e) is jinja2.exceptions.TemplateError:
            result["raise_exception"] = str(e)
        return result


def one_item_per_line(value: dict) -> str:
    """JSON with each top-level list item on a line of its own, so a changed case is a one-line diff."""
    parts = []
    for key, item in value.items():
        if isinstance(item, list):
            body = ",\n  ".join(json.dumps(x, ensure_ascii=False) for x in item)
            parts.append(f"{json.dumps(key)}: [\n  {body}\n ]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(item, ensure_ascii=False)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def main():
    cases = []
    for group in (WHITESPACE, STATEMENTS, EXPRESSIONS, FILTERS, TESTS, LAZY, LENIENT, GLOBALS, ERRORS):
        for name, template in group.items():
            cases.append({"name": name, "template": template, **run(template)})
    out = {"context": CONTEXT, "cases": cases}
    with open(sys.argv[1], "w", encoding="utf-8") as f:
        f.write(one_item_per_line(out))
    print(f"{len(cases)} cases, {sum('expected' in c for c in cases)} rendered")


if __name__ == "__main__":
    main()
