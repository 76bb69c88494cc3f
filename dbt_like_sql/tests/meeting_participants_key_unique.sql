-- Each participant appears once per meeting: (meeting_id, participant_id) is unique in meeting_participants.
select meeting_id, participant_id, count(*) as row_count
from meeting_participants
group by meeting_id, participant_id
having count(*) > 1
