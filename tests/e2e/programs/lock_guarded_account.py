"""Locks on self and at module level, under an aliased import; an error releases the lock."""
import asyncio as aio

AUDIT_LOCK = aio.Lock()
AUDIT = []


class InsufficientFunds(Exception):
    pass


async def record(entry):
    async with AUDIT_LOCK:
        await aio.sleep(0)
        AUDIT.append(entry)


class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance
        self._lock = aio.Lock()

    def __repr__(self):
        return f"{self.owner}={self.balance}"

    async def withdraw(self, amount):
        async with self._lock:
            print(f"{self.owner}: lock held = {self._lock.locked()}")
            await aio.sleep(0)
            if amount > self.balance:
                raise InsufficientFunds(f"{self.owner} cannot pay {amount}")
            self.balance -= amount
        await record(f"{self.owner} -{amount}")


async def transfer(source, target, amount):
    first, second = sorted([source, target], key=lambda account: account.owner)
    async with first._lock, second._lock:
        await aio.sleep(0)
        if amount > source.balance:
            raise InsufficientFunds(f"{source.owner} cannot send {amount}")
        source.balance -= amount
        target.balance += amount
    await record(f"{source.owner} -> {target.owner} {amount}")


async def main():
    alice, bob = Account("alice", 100), Account("bob", 20)
    await alice.withdraw(30)
    try:
        await bob.withdraw(50)
    except InsufficientFunds as exc:
        print("refused:", exc)
    print("bob lock held after the error:", bob._lock.locked())

    await transfer(alice, bob, 25)
    try:
        await transfer(bob, alice, 500)
    except InsufficientFunds as exc:
        print("refused:", exc)
    print("locks held:", alice._lock.locked(), bob._lock.locked(), AUDIT_LOCK.locked())
    print("balances:", alice, bob)
    print("audit:", AUDIT)


aio.run(main())
