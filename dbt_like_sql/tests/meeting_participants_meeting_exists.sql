-- Every participant row belongs to a meeting in meetings.
select *
from meeting_participants
where not exists (
    select 1 from meetings where meetings.meeting_id = meeting_participants.meeting_id
)
