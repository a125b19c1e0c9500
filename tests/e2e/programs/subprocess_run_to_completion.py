"""Child processes run to completion: output read, input fed, a non-zero
exit read from returncode, stderr captured or merged, a shell command, a
child that writes to the inherited stdout, a missing program and a timeout
around a slow child (create_subprocess_exec/_shell with communicate() or
wait() in the original, run_process once migrated)."""
import asyncio
import sys

ECHO_UPPER = "import sys; sys.stdout.write(sys.stdin.read().upper())"
FAIL = "import sys; sys.stderr.write('bad input\\n'); sys.exit(3)"
BOTH = "import sys; print('out'); sys.stdout.flush(); sys.stderr.write('err\\n')"
SLOW = "import time; time.sleep(2)"


async def output(*args):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; print(sys.argv[1:])", *args,
        stdout=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    return out.decode().strip(), err, proc.returncode


async def upper(text):
    data = text.encode()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", ECHO_UPPER,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    stdout, _ = await proc.communicate(data)
    return stdout.decode()


async def failing():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", FAIL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    code = await proc.wait()
    return out, err.decode().strip(), code, proc.returncode


async def merged():
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", BOTH,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    return await proc.communicate()


async def shell(word):
    command = "echo " + word + " && exit 4"
    proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
    out, _ = await proc.communicate()
    return out.decode().strip(), proc.returncode


async def inherited():
    print("before the child", flush=True)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "print('the child writes here')",
        stdin=asyncio.subprocess.DEVNULL)
    await proc.wait()
    print("the child ended with", proc.returncode)


async def missing():
    proc = await asyncio.create_subprocess_exec("/nonexistent/program", "-x")
    await proc.wait()


async def slow():
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", SLOW, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    await proc.communicate()
    return proc.returncode


async def main():
    print(await output("a", "b c"))
    print(await upper("fed through stdin"))
    print(await failing())
    print(await merged())
    print(await shell("hello"))
    await inherited()
    try:
        await missing()
    except FileNotFoundError as exc:
        print("missing program:", exc.filename)
    try:
        async with asyncio.timeout(0.3):
            await slow()
    except TimeoutError:
        print("the slow child timed out")


asyncio.run(main())
