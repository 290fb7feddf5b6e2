"""Write submission.zip: your code, your executed notebooks and your answers, checked first.

    python -m cs231n.submit            # or: make submit

The zip holds exactly the files you edit (the four package files with your code and the four
notebooks with their outputs), plus ``answers/<notebook>.html``: each notebook rendered for
reading, so course staff see your written answers and plots. Nothing else of your machine goes in.

Before writing it, this tool says plainly what is missing: notebooks not executed (or with cells
that raised an error), functions that still raise NotImplementedError, and answers left blank.
The zip is written anyway, so you can hand in partial work; fix what it lists first if you can.
"""

import argparse
import ast
import html
import io
import json
import sys
import zipfile
from pathlib import Path

CODE_FILES = (
    "cs231n/classifiers/cnn.py",
    "cs231n/classifiers/fc_net.py",
    "cs231n/layers.py",
    "cs231n/optim.py",
)
NOTEBOOKS = (
    "notebooks/1_FullyConnectedNets.ipynb",
    "notebooks/2_BatchNormalization.ipynb",
    "notebooks/3_Dropout.ipynb",
    "notebooks/4_ConvolutionalNetworks.ipynb",
)
BLANK_ANSWER = "*(write your answer here)*"
ZIP_TIMESTAMP = (2020, 1, 1, 0, 0, 0)


def unfinished_functions(source):
    """Names of the functions (``Class.method`` for methods) whose body raises
    NotImplementedError; ``["<syntax error at line N>"]`` if the file does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return [f"<syntax error at line {error.lineno}: {error.msg}>"]
    found = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(child):
                    if isinstance(inner, ast.Raise) and inner.exc is not None:
                        target = inner.exc.func if isinstance(inner.exc, ast.Call) else inner.exc
                        if isinstance(target, ast.Name) and target.id == "NotImplementedError":
                            found.append(f"{prefix}{child.name}")
                            break

    visit(tree, "")
    return found


def notebook_problems(name, notebook):
    """Plain sentences: cells not executed, cells with errors, blank answers."""
    problems = []
    cells = notebook.get("cells", [])
    code = [(i, c) for i, c in enumerate(cells, 1) if c.get("cell_type") == "code"]
    code = [(i, c) for i, c in code if "".join(c.get("source", "")).strip()]
    unexecuted = [i for i, c in code if c.get("execution_count") is None]
    if code and len(unexecuted) == len(code):
        problems.append(f"{name}: not executed (no code cell has run; run all cells and save)")
    elif unexecuted:
        listed = ", ".join(map(str, unexecuted[:8])) + (" ..." if len(unexecuted) > 8 else "")
        problems.append(f"{name}: {len(unexecuted)} code cell(s) not executed (cells {listed})")
    for index, cell in code:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                problems.append(
                    f"{name}: cell {index} stopped with {output.get('ename')}: "
                    f"{str(output.get('evalue'))[:120]}"
                )
    for index, cell in enumerate(cells, 1):
        text = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and BLANK_ANSWER in text:
            title = next((line for line in text.splitlines() if line.strip()), "")
            title = title.strip("#* ").replace("**", "")[:60]
            problems.append(f"{name}: answer in cell {index} is blank ({title})")
    return problems


def render_html(name, notebook):
    """The notebook as one HTML page (nbconvert when installed, else a plain rendering)."""
    try:
        import nbformat
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(nbformat.reads(json.dumps(notebook), 4))
        return body
    except Exception:  # nbconvert missing or failing: a plain page still shows every answer
        parts = [f"<html><head><meta charset='utf-8'><title>{html.escape(name)}</title></head>"]
        parts.append("<body>")
        for cell in notebook.get("cells", []):
            source = html.escape("".join(cell.get("source", "")))
            if cell.get("cell_type") == "markdown":
                parts.append(f"<div style='white-space:pre-wrap'>{source}</div><hr>")
                continue
            parts.append(f"<pre style='background:#f4f4f4'>{source}</pre>")
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if "image/png" in data:
                    parts.append(f"<img src='data:image/png;base64,{data['image/png']}'>")
                text = output.get("text") or data.get("text/plain") or ""
                if text:
                    parts.append(f"<pre>{html.escape(''.join(text))}</pre>")
        parts.append("</body></html>")
        return "\n".join(parts)


def collect(root):
    """``(files, problems)``: the zip's content ``{path: bytes}`` and what is missing."""
    root = Path(root)
    files, problems = {}, []
    for relpath in CODE_FILES:
        path = root / relpath
        if not path.is_file():
            problems.append(f"{relpath}: missing")
            continue
        data = path.read_bytes()
        files[relpath] = data
        unfinished = unfinished_functions(data.decode("utf-8", errors="replace"))
        if unfinished:
            problems.append(f"{relpath}: still raise NotImplementedError: {', '.join(unfinished)}")
    for relpath in NOTEBOOKS:
        path = root / relpath
        if not path.is_file():
            problems.append(f"{relpath}: missing")
            continue
        data = path.read_bytes()
        try:
            notebook = json.loads(data.decode("utf-8"))
        except ValueError as error:
            problems.append(f"{relpath}: not a readable notebook ({error})")
            continue
        files[relpath] = data
        problems += notebook_problems(relpath, notebook)
        stem = Path(relpath).stem
        files[f"answers/{stem}.html"] = render_html(stem, notebook).encode("utf-8")
    return files, problems


def write_zip(files, path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for relpath in sorted(files):
            archive.writestr(zipfile.ZipInfo(relpath, date_time=ZIP_TIMESTAMP), files[relpath])
    Path(path).write_bytes(buffer.getvalue())


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m cs231n.submit", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="assignment folder (default: .)"
    )
    parser.add_argument("--out", type=Path, default=Path("submission.zip"), help="zip to write")
    args = parser.parse_args(argv)
    if not (args.root / "cs231n").is_dir():
        print(
            f"submit: {args.root.resolve()} is not the assignment folder (no cs231n/ in it)",
            file=sys.stderr,
        )
        return 2
    files, problems = collect(args.root)
    write_zip(files, args.out)
    print(f"wrote {args.out} ({len(files)} files: your code, notebooks and answers/*.html)")
    if problems:
        print(f"\nBefore you hand it in, {len(problems)} thing(s) to fix:")
        print("\n".join(f"  - {problem}" for problem in problems))
    else:
        print("Everything is implemented, executed and answered.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
