//! The tries of one request, shared by both machines: counts them, reads error answers,
//! waits by [`POLICY`], asks for a clock correction once, and for a probe when a page's fetch
//! kept failing. Deciding what a 2xx answer means is the machine's.

use crate::clock::{is_time_refusal, server_time};

use crate::{Answer, Ask, Backoff, Failed, Failure, Lost, Request, Skew, POLICY};

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// The request is to be sent, or was and its answer is awaited.
    Ready,
    Waiting(Backoff),
    /// Every try was a rejected fetch; the last one's reason.
    Probing(String),
    /// The storage refused the time; the failure that stands if the clock cannot be fixed.
    FixingClock(Skew, Failure),
    Over,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tries {
    request: Request,
    sent: u32,
    /// Whether the request was signed again after a clock correction: that happens once,
    /// and that try is not one of the policy's.
    clock_resent: bool,
    state: State,
}

impl Tries {
    pub(crate) fn new(request: Request) -> Self {
        Self {
            request,
            sent: 0,
            clock_resent: false,
            state: State::Ready,
        }
    }

    pub(crate) fn request(&self) -> &Request {
        &self.request
    }

    pub(crate) fn is_over(&self) -> bool {
        self.state == State::Over
    }

    pub(crate) fn next(&mut self) -> Ask {
        match &self.state {
            State::Ready => Ask::Send(self.request.clone()),
            State::Waiting(backoff) => {
                let backoff = *backoff;
                self.state = State::Ready;
                Ask::Wait(backoff)
            }
            State::Probing(_) => Ask::Probe(self.request.clone()),
            State::FixingClock(skew, _) => Ask::FixClock(skew.clone()),
            State::Over => Ask::Done,
        }
    }

    /// Takes what came back for the request sent: a 2xx answer for the machine to judge,
    /// or `Err` with the read's end if this ended it (`None` while it goes on). An answer
    /// when none was asked for is ignored.
    pub(crate) fn take(&mut self, got: Result<Answer, Lost>) -> Result<Answer, Option<Failed>> {
        if self.state != State::Ready {
            return Err(None);
        }
        self.sent += 1;
        let answer = match got {
            Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
            Ok(answer) => answer,
            Err(Lost::Blocked(reason)) => return Err(self.blocked(reason)),
            Err(lost) => return Err(self.fail(lost.into())),
        };
        let error = s3_presign::parse_error(&answer.body).unwrap_or_default();
        let refused_time = is_time_refusal(&error.code, error.message.as_deref());
        let skew = Skew {
            server: server_time(error.server_time.as_deref(), answer.date.as_deref()),
        };
        let failure = Failure::S3 {
            status: answer.status,
            code: error.code,
            message: error.message,
        };
        if refused_time && !self.clock_resent {
            self.state = State::FixingClock(skew, failure);
            return Err(None);
        }
        Err(self.fail(failure))
    }

    /// Waits and tries again if the policy says so, else ends the read with `failure`.
    pub(crate) fn fail(&mut self, failure: Failure) -> Option<Failed> {
        match POLICY.retry(&failure, self.counted()) {
            Some(backoff) => {
                self.state = State::Waiting(backoff);
                None
            }
            None => {
                self.state = State::Over;
                Some(Failed {
                    failure,
                    tries: self.sent,
                })
            }
        }
    }

    /// The read succeeded.
    pub(crate) fn finish(&mut self) {
        self.state = State::Over;
    }

    /// A rejected fetch: network failure or CORS, which only a probe after the last try
    /// tells apart (see [`Lost::Blocked`]).
    fn blocked(&mut self, reason: String) -> Option<Failed> {
        let failure = Failure::Network {
            reason: reason.clone(),
            lasting: false,
        };
        self.state = match POLICY.retry(&failure, self.counted()) {
            Some(backoff) => State::Waiting(backoff),
            None => State::Probing(reason),
        };
        None
    }

    pub(crate) fn probed(&mut self, answers: bool) -> Option<Failed> {
        let State::Probing(reason) = &self.state else {
            return None;
        };
        let reason = reason.clone();
        self.state = State::Over;
        let failure = if answers {
            Failure::Cors
        } else {
            Failure::Network {
                reason,
                lasting: false,
            }
        };
        Some(Failed {
            failure,
            tries: self.sent,
        })
    }

    pub(crate) fn clock_fixed(&mut self, fixed: bool) -> Option<Failed> {
        let State::FixingClock(_, failure) = self.state.clone() else {
            return None;
        };
        if fixed {
            self.clock_resent = true;
            self.state = State::Ready;
            None
        } else {
            self.fail(failure)
        }
    }

    /// The tries the policy counts.
    fn counted(&self) -> u32 {
        self.sent - u32::from(self.clock_resent)
    }
}
