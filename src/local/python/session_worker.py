"""Statement worker of the local Glue endpoint: one process per session.

Protocol (line-delimited JSON, one object per line; json.dumps escapes newlines, so a line is
always one whole message):
  stdin  <- {"id": N, "code": "..."}
  proto  -> {"type": "ready", "python": "3.11.7", "pyspark": true}
  proto  -> {"type": "started", "id": N}   (from here on SIGINT interrupts statement N)
  proto  -> {"type": "result", "id": N, "status": "ok"|"error", "output": "...",
             "ename": ..., "evalue": ..., "traceback": [...],
             "mime_type": "image/png" | "text/html", "mime_result": "<base64 png or html>"}
"proto" is a duplicate of the original stdout; fd 1 is then pointed at stderr so that stray
C-level writes (the JVM, os.system) cannot corrupt the protocol stream. Requests are read from a
duplicate of stdin, and fd 0 becomes /dev/null: a statement (or a process it starts) cannot read
the protocol, and input() / sys.stdin.read() fail at once, as in a Glue session.

SIGINT interrupts the running statement (KeyboardInterrupt inside the user's code) and is ignored
between statements, so a late cancel never kills the worker.

The worker never outlives its owner (the endpoint that spawned it): when the owner dies, even in
the middle of `while True: pass`, the worker ends every process it started and exits. On Linux it
is a child subreaper (orphans of its children stay its descendants) and asks for SIGTERM at its
parent's death (PR_SET_PDEATHSIG); everywhere, a watchdog thread notices being re-parented.
SIGTERM and end-of-input end the whole tree the same way.
"""

import ast
import builtins
import ctypes
import importlib.util
import io
import json
import linecache
import os
import re
import signal
import sys
import threading
import time
import traceback
import types

WORKER_FILE = os.path.abspath(__file__)
# `%matplot VAR` / `%plotly VAR` lines (at column 0), as Glue's REPL accepts them after the code.
DISPLAY_MAGIC = re.compile(r"^%(matplot|plotly)[ \t]+(\S+)[ \t]*$", re.MULTILINE)
SPARK_NAMES = ("spark", "sc")
NO_INPUT = "input() is not available in a Glue session: statements cannot read standard input"
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
WATCHDOG_SECONDS = 0.2
NO_RUNTIME = (
    "This session's Python has no pyspark, so awsglue, spark, sc and %%sql are not available here: "
    "run `npx glue-kernel local setup` (or set GLUE_KERNEL_LOCAL_PYTHON to a Python with pyspark)"
)


class SparkRuntimeMissingError(RuntimeError):
    """Using Spark or awsglue in a session whose Python has no pyspark."""


class MissingSpark:
    """`spark` / `sc` of a session without pyspark: any use says what is missing, in one line."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, _attribute):
        raise SparkRuntimeMissingError(NO_RUNTIME)

    def __call__(self, *_args, **_kwargs):
        raise SparkRuntimeMissingError(NO_RUNTIME)

    def __repr__(self):
        return "<%s: not available, this session's Python has no pyspark>" % self._name


class MissingAwsglue:
    """Meta path finder: `import awsglue` without pyspark fails with one clear line."""

    def find_spec(self, name, _path=None, _target=None):
        if name == "awsglue" or name.startswith("awsglue."):
            raise ModuleNotFoundError(NO_RUNTIME, name=name)
        return None


# -- session settings (DefaultArguments) -------------------------------------------------------
def argument_pairs(argv):
    """`--KEY value` pairs of a Glue sys.argv, as a dict without the leading dashes' meaning lost."""
    pairs = {}
    for i in range(1, len(argv) - 1, 2):
        pairs[argv[i]] = argv[i + 1]
    return pairs


def spark_confs(value):
    """(key, value) pairs of a --conf argument: `a=1 --conf b=2` (Glue's way to pass several)."""
    confs = []
    for item in re.split(r"\s+--conf\s+", (value or "").strip()):
        key, sep, setting = item.strip().partition("=")
        if sep and key:
            confs.append((key.strip(), setting.strip()))
    return confs


def local_path(path):
    """A file path for s3://bucket/key (s3a:// too) in the endpoint's object store, or path as is."""
    match = re.match(r"^s3a?://([^/]+)/(.*)$", path)
    if not match:
        return os.path.abspath(os.path.expanduser(path))
    bucket, key = match.groups()
    buckets = json.loads(os.environ.get("GLUE_KERNEL_S3_BUCKETS") or "{}")
    root = buckets.get(bucket) or os.path.join(os.environ.get("GLUE_KERNEL_S3_ROOT", ""), bucket)
    return os.path.join(root, *key.split("/"))


def install_python_modules(value, installer_options):
    """pip-installs --additional-python-modules into a folder cached between sessions; returns it.

    The cache key is the Python version, the module list and the installer options, so a second
    session asking for the same modules starts without pip. A folder appears only when complete
    (installed beside it, then renamed), so concurrent sessions never see half an install.
    """
    import hashlib
    import shlex
    import shutil
    import subprocess

    modules = [m.strip() for m in (value or "").split(",") if m.strip()]
    if not modules:
        return None
    options = shlex.split(installer_options or "")
    key = hashlib.sha256(json.dumps([sys.version, modules, options]).encode()).hexdigest()[:20]
    cache = os.environ.get("GLUE_KERNEL_CACHE_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "glue-kernel"
    )
    target = os.path.join(cache, "python-modules", key)
    if os.path.isdir(target):
        return target
    staging = "%s.partial-%d" % (target, os.getpid())
    os.makedirs(os.path.dirname(target), exist_ok=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["--no-input", "--target", staging] + options + modules
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise RuntimeError("--additional-python-modules %s: pip install failed: %s" % (value, tail))
    try:
        os.rename(staging, target)
    except OSError:  # another session finished the same install first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def extra_py_files(value):
    """Local files of --extra-py-files (comma-separated .py/.zip/.egg/.whl, local or s3://)."""
    files = []
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        path = local_path(item)
        if not os.path.exists(path):
            raise FileNotFoundError("--extra-py-files: %s not found (looked at %s)" % (item, path))
        files.append(path)
    return files


class StdinNotImplementedError(EOFError):
    """Raised by input() and sys.stdin reads: a session has no terminal (as ipykernel without stdin)."""


def no_input(*_args, **_kwargs):
    raise StdinNotImplementedError(NO_INPUT)


class NoInput(io.TextIOBase):
    """sys.stdin of a statement: every read fails at once instead of waiting for ever."""

    def readable(self):
        return True

    def read(self, *_args):
        no_input()

    def readline(self, *_args):
        no_input()

    def readlines(self, *_args):
        no_input()

    def fileno(self):
        return 0  # /dev/null

    def isatty(self):
        return False


# -- process tree ------------------------------------------------------------------------------
def child_table():
    """(pid, parent pid) of every process, from /proc on Linux, else from ps."""
    pairs = []
    if os.path.isdir("/proc/self"):
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % name, "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
                pairs.append((int(name), int(fields[1])))
            except (OSError, IndexError, ValueError):
                continue
        return pairs
    import subprocess

    listing = subprocess.run(["ps", "-A", "-o", "pid=", "-o", "ppid="], capture_output=True)
    for line in listing.stdout.decode().splitlines():
        parts = line.split()
        if len(parts) == 2:
            pairs.append((int(parts[0]), int(parts[1])))
    return pairs


def descendants(root):
    children = {}
    for pid, parent in child_table():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def end_process_tree(status=0):
    """SIGKILL every process this worker started (whatever their session or group), then exit."""
    me = os.getpid()
    try:
        for _ in range(3):  # a process may fork while we look
            victims = descendants(me)
            if not victims:
                break
            for pid in victims:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if os.getpgrp() == me:
            os.killpg(me, signal.SIGKILL)
    finally:
        os._exit(status)


def guard_against_orphaning():
    """Ends the worker and its processes when its owner dies, even during a statement."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still works
    signal.signal(signal.SIGTERM, lambda _signum, _frame: end_process_tree())
    if parent == 1 or os.getppid() != parent:
        end_process_tree()  # the owner died before we could watch it

    def watch():
        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        end_process_tree()

    threading.Thread(target=watch, name="owner-watchdog", daemon=True).start()


class Capture(io.TextIOBase):
    """One buffer for stdout and stderr, in the order they were written (Glue merges them)."""

    def __init__(self):
        self.parts = []
        self.lock = threading.Lock()

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        with self.lock:
            self.parts.append(text)
        return len(text)

    def text(self):
        with self.lock:
            return "".join(self.parts)


class Worker:
    def __init__(self, requests, proto):
        self.requests = requests
        self.proto = proto
        self.namespace = {"__name__": "__main__", "__builtins__": builtins}
        self.in_statement = False
        self.stderr = sys.stderr
        self.spark_ready = False
        self.spark_context = None  # the SparkContext the worker started (the user may rebind sc)
        self.has_pyspark = importlib.util.find_spec("pyspark") is not None
        self.arguments = {}
        self.py_files = []
        self.warming = None
        self.warm_session = None
        self.catalog = None  # glue_local.catalog_sync once Spark runs with the Data Catalog

    def warm_spark(self):
        """A standby worker starts Spark before it has a session (and runs one tiny job)."""
        try:
            self.warm_session = self.spark_builder().getOrCreate()
            self.warm_session.range(1).count()
        except Exception as exc:  # the session will start Spark itself, and see the error
            self.stderr.write("spark warm-up failed: %s\n" % exc)

    def take_session(self, request):
        """A standby worker becomes a session's: its environment and settings, then statements."""
        try:
            os.environ.update({str(k): str(v) for k, v in request.get("env", {}).items()})
            self.apply_session_settings()
            return {"type": "configured"}
        except Exception as exc:
            error = "%s: %s" % (type(exc).__name__, exc)
            sys.stderr.write("the session's settings could not be applied: %s\n" % error)
            return {"type": "configured", "error": error}

    def apply_session_settings(self):
        """sys.argv from the session's DefaultArguments, awsglue, --extra-py-files (as on Glue)."""
        argv = os.environ.pop("GLUE_KERNEL_SESSION_ARGV", None)
        sys.argv = json.loads(argv) if argv else ["glue-session"]
        self.arguments = argument_pairs(sys.argv)
        awsglue = os.environ.get("GLUE_KERNEL_AWSGLUE_PATH")
        if not self.has_pyspark:
            sys.meta_path.insert(0, MissingAwsglue())
            for name in SPARK_NAMES:
                self.namespace[name] = MissingSpark(name)
        elif awsglue and os.path.isdir(awsglue):
            self.add_import_path(awsglue)
        modules = install_python_modules(
            self.arguments.get("--additional-python-modules"),
            self.arguments.get("--python-modules-installer-option"),
        )
        if modules:
            self.add_import_path(modules)
        self.py_files = extra_py_files(self.arguments.get("--extra-py-files"))
        for path in self.py_files:
            self.add_import_path(os.path.dirname(path) if path.endswith(".py") else path)

    def add_import_path(self, path):
        """Importable here and in Spark's Python workers (they inherit PYTHONPATH)."""
        sys.path.insert(0, path)
        current = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = path + (os.pathsep + current if current else "")

    # -- protocol ----------------------------------------------------------------------------
    def send(self, message):
        self.proto.write(json.dumps(message, ensure_ascii=True) + "\n")
        self.proto.flush()

    def on_sigint(self, _signum, _frame):
        if self.in_statement:
            raise KeyboardInterrupt()

    def serve(self):
        standby = os.environ.pop("GLUE_KERNEL_STANDBY", None) == "1"
        ready = {
            "type": "ready",
            "python": sys.version.split()[0],
            "pyspark": self.has_pyspark,
            "standby": standby,
        }
        if not standby:
            try:
                self.apply_session_settings()
            except Exception as exc:
                # The interpreter works; the session's settings do not (the endpoint says which).
                ready["settings_error"] = "%s: %s" % (type(exc).__name__, exc)
                sys.stderr.write("the session's settings could not be applied: %s\n" % ready["settings_error"])
        signal.signal(signal.SIGINT, self.on_sigint)
        self.send(ready)
        if standby and self.has_pyspark:
            self.warming = threading.Thread(target=self.warm_spark, name="spark-warm-up", daemon=True)
            self.warming.start()
        for line in self.requests:
            line = line.strip()
            if not line:
                continue
            statement_id = -1
            try:
                request = json.loads(line)
                if request.get("type") == "session":
                    self.send(self.take_session(request))
                    continue
                statement_id = int(request["id"])
                result = self.run(statement_id, str(request["code"]))
            except KeyboardInterrupt:  # a repeated cancel landed while the first was reported
                self.in_statement = False
                sys.stdout = sys.stderr = self.stderr
                result = {
                    "id": statement_id,
                    "status": "error",
                    "output": "",
                    "ename": "KeyboardInterrupt",
                    "evalue": "",
                    "traceback": [],
                }
            except Exception as exc:  # a broken request must not end the worker
                result = {
                    "id": -1,
                    "status": "error",
                    "output": "",
                    "ename": type(exc).__name__,
                    "evalue": str(exc),
                    "traceback": [],
                }
            result["type"] = "result"
            self.send(result)

    # -- statements --------------------------------------------------------------------------
    def run(self, statement_id, code):
        filename = "<statement-%d>" % statement_id
        # Register the source so tracebacks can quote the user's lines.
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        displays = [m.groups() for m in DISPLAY_MAGIC.finditer(code)]
        code = DISPLAY_MAGIC.sub("", code)  # same line count, so tracebacks keep their numbers
        capture = Capture()
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = capture
        result = {"id": statement_id, "status": "ok"}
        try:
            self.in_statement = True
            self.send({"type": "started", "id": statement_id})
            body, last = self.compile(code, filename)
            if self.mentions_spark(body, last):
                self.ensure_spark()
            if self.catalog is not None:
                self.catalog.before_statement(code)
            try:
                exec(body, self.namespace)
                if last is not None:
                    # 'single' mode runs sys.displayhook: the REPL's repr of the last expression.
                    exec(last, self.namespace)
            finally:
                if self.catalog is not None:
                    self.catalog.after_statement(code)  # what the statement wrote, even if it failed
            for kind, name in displays:
                result["mime_type"], result["mime_result"] = self.render(kind, name)
        except BaseException as exc:  # KeyboardInterrupt and SystemExit included
            if isinstance(exc, KeyboardInterrupt):
                self.cancel_spark_jobs()
            explained = self.catalog.explain(exc) if self.catalog is not None else None
            result.update(self.describe(explained or exc))
        finally:
            self.in_statement = False
            sys.stdout, sys.stderr = saved
        result["output"] = capture.text()
        return result

    def cancel_spark_jobs(self):
        """Stops the Spark jobs an interrupted statement started, so they free their cores.

        Done here, once the interrupted call has been abandoned: PySpark's own SIGINT handler
        cancels from inside the signal handler, where the nested py4j call fails and the jobs
        run on. Repeated SIGINTs are ignored meanwhile (the statement is over)."""
        self.in_statement = False
        if self.spark_context is None:
            return
        try:
            self.spark_context.cancelAllJobs()
        except Exception as exc:
            self.stderr.write("could not cancel the interrupted statement's Spark jobs: %s\n" % exc)

    def render(self, kind, name):
        """The figure named by %matplot (a pyplot module or a Figure) or %plotly (a plotly Figure)."""
        value = eval(name, self.namespace)
        if kind == "plotly":
            return "text/html", value.to_html(include_plotlyjs="cdn", full_html=False)
        import base64

        figure = value.gcf() if hasattr(value, "gcf") else value
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        if hasattr(value, "gcf"):
            value.close("all")  # like a fresh figure per cell in Glue
        return "image/png", base64.b64encode(buffer.getvalue()).decode("ascii")

    def compile(self, code, filename):
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            expr = tree.body.pop()
            last = compile(ast.Interactive(body=[expr]), filename, "single")
        return compile(tree, filename, "exec"), last

    def describe(self, exc):
        tb = exc.__traceback__
        # Drop the worker's own frames; keep only the user's statement and what it called.
        while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == WORKER_FILE:
            tb = tb.tb_next
        if isinstance(exc, SyntaxError) and str(exc.filename or "").startswith("<statement-"):
            tb = None  # the user's code did not compile: only the caret display matters
        lines = traceback.format_exception(type(exc), exc, tb)
        return {
            "status": "error",
            "ename": type(exc).__name__,
            "evalue": str(exc),
            "traceback": lines,
        }

    # -- spark -------------------------------------------------------------------------------
    def mentions_spark(self, *codes):
        if not self.has_pyspark or self.spark_ready:
            return False
        if all(name in self.namespace for name in SPARK_NAMES):
            return False

        def names(code):
            found = set(code.co_names)
            for const in code.co_consts:
                if isinstance(const, types.CodeType):
                    found |= names(const)
            return found

        used = set()
        for code in codes:
            if code is not None:
                used |= names(code)
        return any(name in used for name in SPARK_NAMES)

    def spark_builder(self):
        from pyspark.sql import SparkSession

        return (
            SparkSession.builder.master(os.environ.get("GLUE_KERNEL_LOCAL_SPARK_MASTER", "local[*]"))
            .appName("glue-kernel-local")
            .config("spark.ui.enabled", "false")
        )

    def warmed_spark(self, confs):
        """The standby's Spark with the session's --conf set, or None if one cannot be set live."""
        if self.warming is not None:
            self.warming.join()
        spark = self.warm_session
        if spark is None:
            return None
        try:
            for key, value in confs:
                spark.conf.set(key, value)
            return spark
        except Exception:  # a static setting (e.g. spark.driver.memory): start Spark anew
            spark.stop()
            return None

    def ensure_spark(self):
        """Creates `spark` and `sc` on first use, so sessions without Spark start fast."""
        confs = spark_confs(self.arguments.get("--conf"))
        spark = self.warmed_spark(confs)
        if spark is None:
            builder = self.spark_builder()
            for key, value in confs:
                builder = builder.config(key, value)
            spark = builder.getOrCreate()
        for path in self.py_files:
            spark.sparkContext.addPyFile(path)
        self.namespace.setdefault("spark", spark)
        self.namespace.setdefault("sc", spark.sparkContext)
        self.spark_ready = True
        self.spark_context = spark.sparkContext
        # A SparkContext started on this thread replaced our SIGINT handler with one that also
        # raises between statements (a late repeat of an interrupt would end the worker).
        signal.signal(signal.SIGINT, self.on_sigint)
        self.install_glue_integrations(spark)

    def install_glue_integrations(self, spark):
        """As on Glue: Spark's own readers and writers take s3:// paths, and the Data Catalog is
        Spark's catalog unless --enable-glue-datacatalog is false (docs/local-catalog.md)."""
        if not os.environ.get("GLUE_KERNEL_AWSGLUE_PATH"):
            return  # a plain Python runtime without our package
        from glue_local import catalog_sync, spark_s3

        spark_s3.install(spark)
        try:
            if catalog_sync.install(spark):
                self.catalog = catalog_sync
        except Exception as exc:  # e.g. a role without glue:GetDatabases: Spark still works
            self.stderr.write("The Data Catalog is not Spark's catalog in this session: %s\n" % exc)


def main():
    guard_against_orphaning()
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = NoInput()
    builtins.input = no_input
    Worker(requests, proto).serve()
    end_process_tree()  # end of input: the owner closed the pipe or is gone


if __name__ == "__main__":
    main()
