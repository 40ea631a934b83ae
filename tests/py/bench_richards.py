# args: 2
# A small operating-system scheduler simulation: prioritised tasks (idle, worker,
# two handlers, two devices) hand packets to each other through work queues.
# Exercises classes, subclass dispatch, attribute access and linked lists.
import sys

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1
BUF_SIZE = 4


class Packet(object):
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUF_SIZE

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        last = queue
        while last.link is not None:
            last = last.link
        last.link = self
        return queue


class Task(object):
    def __init__(self, kernel, ident, priority, queue, waiting):
        self.kernel = kernel
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.pending = queue is not None
        self.waiting = waiting
        self.held = False
        self.next = kernel.head
        kernel.head = self
        kernel.tasks[ident] = self

    def blocked(self):
        return self.held or (self.waiting and not self.pending)

    def accept(self, packet, current):
        if self.queue is None:
            self.queue = packet
            self.pending = True
            if self.priority > current.priority:
                return self
        else:
            self.queue = packet.append_to(self.queue)
        return current

    def step(self):
        packet = None
        if self.waiting and self.pending:
            packet = self.queue
            self.queue = packet.link
            self.pending = self.queue is not None
            self.waiting = False
        return self.work(packet)


class IdleTask(Task):
    def __init__(self, kernel, count):
        Task.__init__(self, kernel, IDLE, 0, None, False)
        self.seed = 1
        self.count = count

    def work(self, packet):
        self.count -= 1
        if self.count == 0:
            return self.kernel.hold_current()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.kernel.release(DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.kernel.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, kernel, queue):
        Task.__init__(self, kernel, WORKER, 1000, queue, True)
        self.target = HANDLER_A
        self.letter = 0

    def work(self, packet):
        if packet is None:
            return self.kernel.wait()
        self.target = HANDLER_B if self.target == HANDLER_A else HANDLER_A
        packet.dest = self.target
        packet.datum = 0
        for i in range(BUF_SIZE):
            self.letter = self.letter % 26 + 1
            packet.data[i] = 64 + self.letter
        return self.kernel.send(packet)


class HandlerTask(Task):
    def __init__(self, kernel, ident, priority, queue):
        Task.__init__(self, kernel, ident, priority, queue, True)
        self.jobs = None
        self.devices = None

    def work(self, packet):
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.jobs = packet.append_to(self.jobs)
            else:
                self.devices = packet.append_to(self.devices)
        job = self.jobs
        if job is not None:
            index = job.datum
            if index >= BUF_SIZE:
                self.jobs = job.link
                return self.kernel.send(job)
            dev = self.devices
            if dev is not None:
                self.devices = dev.link
                dev.datum = job.data[index]
                job.datum = index + 1
                return self.kernel.send(dev)
        return self.kernel.wait()


class DeviceTask(Task):
    def __init__(self, kernel, ident, priority):
        Task.__init__(self, kernel, ident, priority, None, True)
        self.holding = None

    def work(self, packet):
        if packet is not None:
            self.holding = packet
            return self.kernel.hold_current()
        if self.holding is None:
            return self.kernel.wait()
        done, self.holding = self.holding, None
        return self.kernel.send(done)


class Kernel(object):
    def __init__(self):
        self.tasks = [None] * 6
        self.head = None
        self.current = None
        self.sent = 0
        self.holds = 0

    def run(self):
        task = self.head
        while task is not None:
            if task.blocked():
                task = task.next
            else:
                self.current = task
                task = task.step()

    def wait(self):
        self.current.waiting = True
        return self.current

    def hold_current(self):
        self.holds += 1
        self.current.held = True
        return self.current.next

    def release(self, ident):
        task = self.tasks[ident]
        task.held = False
        return task if task.priority > self.current.priority else self.current

    def send(self, packet):
        task = self.tasks[packet.dest]
        self.sent += 1
        packet.link = None
        packet.dest = self.current.ident
        return task.accept(packet, self.current)


def simulate(count):
    k = Kernel()
    IdleTask(k, count)
    WorkerTask(k, Packet(Packet(None, IDLE, KIND_WORK), IDLE, KIND_WORK))
    for ident, dev, prio in ((HANDLER_A, DEVICE_A, 2000), (HANDLER_B, DEVICE_B, 3000)):
        queue = None
        for _ in range(3):
            queue = Packet(queue, dev, KIND_DEVICE)
        HandlerTask(k, ident, prio, queue)
    DeviceTask(k, DEVICE_A, 4000)
    DeviceTask(k, DEVICE_B, 5000)
    k.run()
    return k.sent, k.holds


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 36
    total = 0
    for r in range(rounds):
        sent, holds = simulate(10000 + r)
        total += sent * 7 + holds
    print('last round: sent=%d holds=%d; checksum=%d' % (sent, holds, total))
    print('one round of 10000: sent=%d holds=%d' % simulate(10000))


main()
