-- Export restrictions measure by measure: each imposed or expanded step with its own dates, the later
-- steps taken on it (suspensions, liftings) and its status on status_date, computed by the
-- restrictions_in_force macro (dbt_like_sql/macros/) as of the newest report in the data.

with

mineral_restrictions as (
    select * from mineral_restrictions
),

restriction_mentions as (
    select * from restriction_mentions
),

countries as (
    select * from countries
),

minerals as (
    select * from minerals
),

status_day as (
    select max(first_reported_date) as status_date
    from mineral_restrictions
),

measures as (
    select *
    from mineral_restrictions
    where action in ('imposed', 'expanded')
),

-- every step with the measure it belongs to: a measure is its own first step
steps as (
    select
        restriction_id as step_id,
        case when action in ('suspended', 'lifted') then suspends_restriction_id else restriction_id end
            as measure_id,
        action,
        coalesce(effective_date, announced_date, first_reported_date) as step_date,
        case action
            when 'imposed' then 1
            when 'expanded' then 2
            when 'suspended' then 3
            when 'lifted' then 4
        end as action_rank
    from mineral_restrictions
),

step_summary as (
    select
        steps.measure_id as restriction_id,
        count(*) as step_count,
        arg_max(steps.action, (steps.step_date, steps.action_rank)) as latest_step,
        max(steps.step_date) as latest_step_date,
        max(step_rows.source_count) as source_count,
        max(step_rows.max_confidence) as max_confidence
    from steps
    inner join mineral_restrictions as step_rows on step_rows.restriction_id = steps.step_id
    where steps.measure_id is not null
    group by steps.measure_id
),

on_status_day as (
    select *
    from restrictions_in_force((select status_date from status_day))
),

article_support as (
    select
        steps.measure_id as restriction_id,
        count(distinct restriction_mentions.article_id) as article_count
    from steps
    inner join restriction_mentions on restriction_mentions.restriction_id = steps.step_id
    group by steps.measure_id
)

select
    measures.restriction_id,
    measures.imposing_iso3,
    imposer.name as imposing_country,
    measures.mineral_id,
    minerals.name as mineral_name,
    measures.target_iso3,
    coalesce(target.name, 'all destinations') as destination,
    measures.measure,
    measures.action,
    measures.announced_date,
    measures.effective_date,
    measures.end_date,
    measures.product_stage,
    measures.legal_instrument,
    step_summary.step_count,
    step_summary.latest_step,
    step_summary.latest_step_date,
    on_status_day.status,
    status_day.status_date,
    on_status_day.status_since,
    on_status_day.next_change,
    coalesce(article_support.article_count, 0) as article_count,
    measures.first_reported_date,
    step_summary.source_count,
    step_summary.max_confidence,
    measures.first_url
from measures
cross join status_day
left join step_summary using (restriction_id)
left join on_status_day using (restriction_id)
left join article_support using (restriction_id)
left join countries as imposer on imposer.iso3 = measures.imposing_iso3
left join countries as target on target.iso3 = measures.target_iso3
left join minerals on minerals.mineral_id = measures.mineral_id
order by
    measures.imposing_iso3,
    measures.mineral_id,
    measures.target_iso3 nulls first,
    coalesce(measures.effective_date, measures.announced_date, measures.first_reported_date),
    measures.restriction_id
