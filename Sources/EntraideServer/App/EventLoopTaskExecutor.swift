import NIOCore

/// Runs a task's jobs on one event loop. A task that waits on many futures of that loop (a
/// run of SQLite statements on its connection) then goes on where each answer arrives,
/// rather than on the shared pool, which takes a thread wake-up per await.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
