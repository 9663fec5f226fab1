-- Closing an episode ends its live alerts: a finished case does not belong in the supervisor's queue.
alter table alerts drop constraint alerts_cleared_reason_check;
alter table alerts add constraint alerts_cleared_reason_check
    check (cleared_reason in ('conditionNoLongerHolds', 'replacedByTrajectory', 'replacedBySessionRules', 'episodeClosed'));
