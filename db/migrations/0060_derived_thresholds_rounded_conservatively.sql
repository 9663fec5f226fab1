-- Thresholds derived from norms (Jacobson & Truax) were stored rounded half-to-even to two decimals, so a derived
-- reliable-change threshold of 6.803 was stored as 6.80 and a change of 6.8 counted as reliable. The service now
-- stores them as JacobsonTruax.ForStorage does, which classifies every total (0.1-step items) exactly as the
-- unrounded value would: the threshold rounded up, the cutoff rounded towards the functional side (up when higher is
-- better, down when lower is better), after rounding away binary noise at 10 decimals. Re-store the existing ones the
-- same way, computed in the same order of floating-point operations as the service. Sessions recorded earlier keep
-- the category they were given (docs/reports.md, "Definition changes").
with derived as (
    select code,
           round((1.96 * (sqrt(2::float8) * (clinical_sd * sqrt(1 - reliability))))::numeric, 10) as threshold
    from instruments
    where clinical_sd is not null
)
update instruments i
set reliable_change_threshold = ceil(d.threshold * 100) / 100
from derived d
where i.code = d.code;

with derived as (
    select code, higher_is_better,
           round(((functional_sd * clinical_mean + clinical_sd * functional_mean) / (functional_sd + clinical_sd))::numeric, 10) as cutoff
    from instruments
    where clinical_sd is not null
)
update instrument_cutoffs c
set cutoff = case when d.higher_is_better then ceil(d.cutoff * 100) / 100 else floor(d.cutoff * 100) / 100 end
from derived d
where c.instrument_code = d.code;
