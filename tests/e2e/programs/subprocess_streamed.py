"""Child processes used while they run: output read to end of file, lines
read one by one, a child fed on stdin line by line that answers each line,
output read in pieces, a non-zero exit, children killed, terminated and
interrupted with their return codes, stderr read by lines and to the end,
an exception while a child runs, and timeouts around a read of a silent
child (create_subprocess_exec/_shell with the process's streams in the
original, open_process once migrated)."""
import asyncio
import signal
import sys

LINES = "for i in range(4): print('line', i)"
LAST_WITHOUT_NEWLINE = "import sys; sys.stdout.write('one\\ntwo\\nlast')"
ANSWER = (
    "import sys\n"
    "while True:\n"
    "    line = sys.stdin.readline()\n"
    "    if not line:\n"
    "        break\n"
    "    print(line.strip().upper(), len(line), flush=True)\n"
    "print('bye')\n"
)
FAIL = "import sys; print('about to fail'); sys.exit(5)"
SLEEP = "import time; print('ready', flush=True); time.sleep(30)"
SILENT = "import time; time.sleep(30)"
ERRORS = "import sys; sys.stderr.write('first\\nsecond\\nthird\\n'); print('out')"
COUNT = "import sys; sys.stdout.write(str(len(sys.stdin.buffer.read())))"


async def version():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "import sys; print(sys.version_info[0])", stdout=asyncio.subprocess.PIPE)
    out = await proc.stdout.read()
    await proc.wait()
    return out.decode().strip(), proc.returncode


async def lines(program):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", program,
        stdout=asyncio.subprocess.PIPE,
    )
    found = []
    while True:
        line = await proc.stdout.readline()
        if not line:
            break
        found.append(line)
    code = await proc.wait()
    return found, code


async def dialogue(questions):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", ANSWER,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )
    answers = []
    for question in questions:
        proc.stdin.write(question.encode() + b"\n")
        await proc.stdin.drain()
        answers.append(await proc.stdout.readline())
    proc.stdin.close()
    rest = await proc.stdout.read()
    await proc.wait()
    return answers, rest, proc.returncode


async def counted(size):
    proc = await asyncio.create_subprocess_shell(
        sys.executable + " -c " + repr(COUNT).replace("'", '"'),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )
    proc.stdin.write(b"x" * size)
    await proc.stdin.drain()
    proc.stdin.close()
    await proc.stdin.wait_closed()
    out = await proc.stdout.read()
    return out, await proc.wait()


async def pieces():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "print('abcdefghij' * 3)", stdout=asyncio.subprocess.PIPE)
    first = await proc.stdout.read(0)
    chunks = []
    while True:
        chunk = await proc.stdout.read(7)
        if not chunk:
            break
        chunks.append(len(chunk) <= 7)
    await proc.wait()
    return first, all(chunks), proc.returncode


async def failing():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", FAIL, stdout=asyncio.subprocess.PIPE)
    out = await proc.stdout.read()
    code = await proc.wait()
    return out, code, proc.returncode


async def stopped(how):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SLEEP, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    ready = await proc.stdout.readline()
    running = proc.returncode
    has_pid = proc.pid > 0
    if how == "kill":
        proc.kill()
    elif how == "terminate":
        proc.terminate()
    else:
        proc.send_signal(signal.SIGINT)
    code = await proc.wait()
    rest = await proc.stdout.readline()
    return ready, running, has_pid, code, proc.returncode, rest


async def errors():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", ERRORS, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    first = await proc.stderr.readline()
    out = await proc.stdout.read()
    rest = await proc.stderr.read()
    await proc.wait()
    return first, out, rest


async def raising():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SLEEP, stdout=asyncio.subprocess.PIPE)
    try:
        line = await proc.stdout.readline()
        raise ValueError("failed after " + line.decode().strip())
    except ValueError as exc:
        print("error while the child runs:", exc)
        proc.kill()
    return await proc.wait()


async def timed_out():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SILENT, stdout=asyncio.subprocess.PIPE)
    try:
        async with asyncio.timeout(0.3):
            out = await proc.stdout.read()
    except TimeoutError:
        out = "the read timed out"
        proc.terminate()
    code = await proc.wait()
    return out, code


async def waited_for():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SILENT, stdout=asyncio.subprocess.PIPE)
    try:
        out = await asyncio.wait_for(proc.stdout.read(), 0.3)
    except TimeoutError:
        out = "wait_for timed out"
        proc.kill()
    await proc.wait()
    return out, proc.returncode


async def main():
    print(await version())
    print(await lines(LINES))
    print(await lines(LAST_WITHOUT_NEWLINE))
    print(await dialogue(["hello", "second question", ""]))
    print(await counted(200000))
    print(await pieces())
    print(await failing())
    print(await stopped("kill"))
    print(await stopped("terminate"))
    print(await stopped("interrupt"))
    print(await errors())
    print(await raising())
    print(await timed_out())
    print(await waited_for())


asyncio.run(main())
