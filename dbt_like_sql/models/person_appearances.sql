-- People at meetings: one row per person per meeting attended, with the role they held there.

with

people as (
    select * from people
),

meeting_participants as (
    select * from meeting_participants
),

meetings as (
    select * from meetings
),

appearances as (
    select
        participant_id as person_id,
        meeting_id,
        role,
        source_count,
        max_confidence,
        first_url
    from meeting_participants
    where participant_kind = 'person'
)

select
    people.person_id,
    people.name,
    people.country_iso3,
    appearances.role,
    meetings.meeting_id,
    meetings.name as meeting_name,
    meetings.meeting_format,
    meetings.start_date,
    meetings.city,
    meetings.country_iso3 as meeting_country_iso3,
    count(*) over (partition by people.person_id) as meeting_count,
    appearances.source_count,
    appearances.max_confidence,
    appearances.first_url
from appearances
inner join people using (person_id)
inner join meetings using (meeting_id)
order by people.name, people.person_id, meetings.start_date nulls last, meetings.meeting_id
